"""Messages: Excel ledgers in and out, reports and job matching."""

MESSAGES: dict[str, tuple[str, str]] = {
    # --- reading and importing a ledger ----------------------------------------------------
    "ledger.unreadable": (
        "无法读取台账文件“{file}”：它不是 Excel（.xlsx、.xls）或 CSV 表格（{detail}）",
        "Cannot read the ledger '{file}': it is not an Excel (.xlsx, .xls) or CSV sheet ({detail})",
    ),
    "ledger.no_sheet": (
        "台账“{file}”中没有名为“{sheet}”的工作表（现有：{sheets}）",
        "The ledger '{file}' has no sheet named '{sheet}' (sheets: {sheets})",
    ),
    "ledger.no_header": (
        "工作表“{sheet}”的前几行中找不到表头：没有一列的标题对应表单中的字段（如姓名、身份证号）",
        "No header row in the first rows of sheet '{sheet}': no column title names a field "
        "of the form (such as 姓名 or 身份证号)",
    ),
    "ledger.no_table": (
        "台账“{file}”中没有哪个工作表像人员名单：前几行里找不到对应表单字段（如姓名、身份证号）的表头"
        "（现有工作表：{sheets}；可用 --sheet 指定）",
        "No sheet of the ledger '{file}' looks like a list of people: no row near the top names "
        "fields of the form such as 姓名 or 身份证号 (sheets: {sheets}; name one with --sheet)",
    ),
    "ledger.sheet_chosen": (
        "读取的是工作表“{sheet}”：前面的工作表（{others}）不是人员名单",
        "Read the sheet '{sheet}': the sheets before it ({others}) are no list of people",
    ),
    "ledger.more_sheets": (
        "只读取了工作表“{sheet}”；工作表 {others} 也是人员名单，没有读取：请用 --sheet 逐个导入",
        "Only the sheet '{sheet}' was read; the sheets {others} are lists of people too and were "
        "not read: import each with --sheet",
    ),
    "ledger.township_from_sheet": (
        "台账没有乡镇一列，按工作表名填为“{township}”",
        "The ledger has no township column: '{township}', which the sheet is named after",
    ),
    "ledger.township_from_title": (
        "台账没有乡镇一列，按表格标题填为“{township}”",
        "The ledger has no township column: '{township}', named in the title above the table",
    ),
    "ledger.township_from_file": (
        "台账没有乡镇一列，按文件名填为“{township}”",
        "The ledger has no township column: '{township}', named in the file's name",
    ),
    "ledger.total_row": (
        "第 {row} 行是合计行，不是人员，未导入",
        "Row {row} is a total row, not a person; passed over",
    ),
    "ledger.footer_row": (
        "第 {row} 行是表尾（填表人、审核人等），不是人员，未导入",
        "Row {row} is the table's footer (who filled it in or checked it), not a person; "
        "passed over",
    ),
    "ledger.question": (
        "列{headers}对应哪个字段（{fields}）不能确定，这些列暂不导入：请指定",
        "Which field the columns {headers} fill ({fields}) is not clear, so they are not "
        "imported yet: say which",
    ),
    "ledger.question_map": (
        "（如 --map {example}；不导入的列：--map 表头=）",
        "(e.g. --map {example}; leave a column out: --map header=)",
    ),
    "ledger.open_questions": (
        "还有 {count} 处列的对应没有确定：请先指定各列对应的字段",
        "{count} column mappings are still open: say which field each column fills first",
    ),
    "ledger.derived_mismatch": (
        "{source}显示应为“{expected}”，台账填的是“{value}”",
        "The {source} says '{expected}', the ledger has '{value}'",
    ),
    "ledger.cancelled": ("已取消，没有写入任何数据", "Cancelled; nothing was written"),
    "ledger.id_rounded": (
        "Excel 把身份证号存成了数字（{value}），后几位已经丢失；请把这一列设为文本格式后重新录入",
        "Excel stored the ID number as a number ({value}) and lost its last digits; format "
        "the column as text and enter the numbers again",
    ),
    "ledger.id_repeated": (
        "身份证号与第 {first_row} 行重复",
        "The same ID number as on row {first_row}",
    ),
    "ledger.id_exists": (
        "已有此身份证号的记录，这一行不会重复导入",
        "A record with this ID number exists already; this row is not imported again",
    ),
    "ledger.problem_at": (
        "第 {row} 行，{column} 列（{header}）：{message}",
        "Row {row}, column {column} ({header}): {message}",
    ),
    "ledger.has_problems": (
        "有 {rows} 行存在问题：请先改正台账，或选择只导入没有问题的行",
        "{rows} rows have problems: correct the ledger first, or choose to import only the "
        "rows without problems",
    ),
    "ledger.bad_pair": (
        "“{text}”格式不对，应写成 名称=值",
        "'{text}' is malformed; write name=value",
    ),
    "ledger.unknown_field": (
        "表单中没有可以导入的字段“{field}”（请用字段名，如 id_number、phone）",
        "The form has no importable field '{field}' (use field names such as id_number, phone)",
    ),
    "ledger.mapped": ("列“{header}” → 字段 {field}", "Column '{header}' -> field {field}"),
    "ledger.summary": (
        "工作表“{sheet}”（表头在第 {header_row} 行）共 {rows} 行：{valid} 行没有问题，"
        "{invalid} 行有问题，{existing} 行的身份证号已存在",
        "Sheet '{sheet}' (header on row {header_row}): {rows} rows, {valid} without problems, "
        "{invalid} with problems, {existing} whose ID number exists already",
    ),
    "ledger.imported": (
        "已导入 {saved} 条记录（已存在未导入 {existing} 行，有问题未导入 {invalid} 行）",
        "Imported {saved} records ({existing} rows already there and {invalid} rows with "
        "problems left out)",
    ),
    "ledger.exported": ("已写出 {count} 条：{file}", "Wrote {count}: {file}"),
    "ledger.out_kind": (
        "不知道把“{file}”写成什么文件：文件名请以 {kinds} 结尾",
        "Cannot tell what kind of file '{file}' should be: end its name with {kinds}",
    ),
    "ledger.unknown_township": (
        "表单的乡镇中没有代码“{township}”：请用 9 位乡镇代码（如 {example}）",
        "The form has no township with the code '{township}': give a 9-digit township code "
        "(such as {example})",
    ),
    "report.counting_rule": (
        "只统计乡镇已审核、县已验收的记录，同一身份证号只算一人；统计全部记录请加 --all-records",
        "Only records approved by the township or accepted by the county are counted, one per "
        "ID number; --all-records counts every record",
    ),
    # --- exporting a ledger ----------------------------------------------------------------
    "ledger.column_status": ("审核状态", "Review status"),
    "ledger.column_number": ("序号", "No."),
    "ledger.print_title": (
        "{place}外出劳动力台账（{day}）",
        "Out-migrant labour ledger: {place} ({day})",
    ),
    "ledger.print_footer": ("&C第 &P 页，共 &N 页", "&CPage &P of &N"),
    "ledger.no_village": ("未填村", "No village"),
    "ledger.sheet_title": ("台账", "Ledger"),
    # --- reports -----------------------------------------------------------------------------
    "report.title": ("外出劳动力资源统计报告", "Out-migrant labour report"),
    "report.heading": (
        "{county}外出劳动力资源统计报告（{round}）",
        "{county} out-migrant labour report ({round})",
    ),
    "report.heading_plain": (
        "{county}外出劳动力资源统计报告",
        "{county} out-migrant labour report",
    ),
    "report.first_half": ("{year}年上半年", "first half of {year}"),
    "report.second_half": ("{year}年下半年", "second half of {year}"),
    "report.sheet_subtitle": (
        "{table}　{scope}　共 {people} 人　{made}",
        "{table}: {scope}, {people} people, {made}",
    ),
    "report.subtitle": (
        "{scope}　共 {people} 人　生成于 {made}",
        "{scope}: {people} people, made {made}",
    ),
    "report.people": ("人数", "People"),
    "report.share": ("占比（%）", "Share (%)"),
    "report.item": ("项目", "Item"),
    "report.value": ("数值", "Value"),
    "report.age": ("年龄段", "Age band"),
    "report.age_band": ("{low}-{high}岁", "{low}-{high}"),
    "report.village": ("村（社区）", "Village"),
    "report.township": ("乡镇", "Township"),
    "report.county": ("全县", "Whole county"),
    "report.total": ("合计", "Total"),
    "report.accepted_share": ("县级验收率（%）", "Accepted by the county (%)"),
    "report.by_township": ("各乡镇人数", "People by township"),
    "report.by_village": ("各村人数", "People by village"),
    "report.sex": ("性别结构", "Sex"),
    "report.age_band_table": ("年龄结构", "Age"),
    "report.education": ("文化程度", "Education"),
    "report.employment_status": ("就业状态", "Employment status"),
    "report.migration_range": ("外出范围", "Where away"),
    "report.work_province": ("务工省份（流向）", "Province of work (flow)"),
    "report.work_city": ("务工城市（前20）", "City of work (top 20)"),
    "report.industry": ("所在行业", "Industry"),
    "report.occupation": ("职业", "Occupation"),
    "report.income": ("月收入", "Monthly income"),
    "report.return_willing": ("返乡意愿", "Willingness to return"),
    "report.return_timing": ("返乡时间", "When they would return"),
    "report.return_plan": ("返乡后打算", "Plan after returning"),
    "report.business_industry": ("创业意向行业", "Industry of planned businesses"),
    "report.needs_loan": ("创业贷款需求", "Business loan needed"),
    "report.business": ("创业与贷款需求", "Business plans and loans"),
    "report.business_people": ("有创业意向人数", "People planning a business"),
    "report.loan_people": ("需要创业贷款人数", "People needing a loan"),
    "report.capital_total": ("计划投资合计（万元）", "Planned investment in total (10,000 yuan)"),
    "report.loan_total": ("需要贷款合计（万元）", "Loans needed in total (10,000 yuan)"),
    "report.loan_mean": ("人均需要贷款（万元）", "Loan needed per person (10,000 yuan)"),
    "report.progress": ("各村调查进度", "Survey progress by village"),
    "report.no_data": ("暂无数据", "No data"),
    "report.no_cjk_font": (
        "没有找到中文字体（如 Noto Sans CJK SC、微软雅黑、黑体），图表中的汉字可能显示为方框",
        "No Chinese font found (such as Noto Sans CJK SC, Microsoft YaHei, SimHei); "
        "Chinese text in the charts may show as boxes",
    ),
    "report.page": ("第 {page} 页", "Page {page}"),
    # --- matching returnees to posts -------------------------------------------------------
    "match.title": ("返乡人员与岗位匹配", "Returnees matched to posts"),
    "match.post_township": ("岗位所在乡镇", "Township of the post"),
    "match.enterprise": ("企业名称", "Enterprise"),
    "match.post": ("岗位名称", "Post"),
    "match.headcount": ("招聘人数", "People wanted"),
    "match.pay": ("月薪（元）", "Monthly pay (yuan)"),
    "match.person": ("候选人", "Candidate"),
    "match.township": ("户籍乡镇", "Home township"),
    "match.village": ("户籍村", "Home village"),
    "match.phone": ("联系电话", "Phone"),
    "match.occupation": ("职业", "Occupation"),
    "match.trade": ("从事工种", "Trade"),
    "match.expected_pay": ("期望月薪（元）", "Expected pay (yuan)"),
    "match.education": ("文化程度", "Education"),
    "match.reasons": ("匹配依据", "Why"),
    "match.score": ("匹配分", "Score"),
    "match.reason.occupation": ("职业相同", "same occupation"),
    "match.reason.trade": ("工种相符", "trade named by the post"),
    "match.reason.industry": ("行业相符", "same industry"),
    "match.reason.pay": ("起薪达到期望", "starting pay meets the wish"),
    "match.reason.township": ("同乡镇", "same township"),
}
