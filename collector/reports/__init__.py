"""The county's reports: stock, structure and flow of its out-migrant labour (储量、结构、
流向), survey progress per village, and candidate matches of people willing to return
against the posts of local enterprises; as pandas tables, an Excel workbook and a PDF with
charts (matplotlib, Agg backend). Nothing here imports Qt."""

import os

from collector.paths import cache_dir

# matplotlib's list of installed fonts lives in a cache the program owns (fonts.py renews it
# when the Chinese font is not in it), not in ~/.cache/matplotlib, nor in the temporary
# folder PyInstaller's hook gives it, which would rebuild it at every start. matplotlib
# reads the variable once, at its import: this package is imported before it.
os.environ["MPLCONFIGDIR"] = str(cache_dir() / "matplotlib")
