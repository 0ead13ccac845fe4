"""The county's reports: stock, structure and flow of its out-migrant labour (储量、结构、
流向), survey progress per village, and candidate matches of people willing to return
against the posts of local enterprises; as pandas tables, an Excel workbook and a PDF with
charts (matplotlib, Agg backend). Nothing here imports Qt."""
