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
    # --- exporting a ledger ----------------------------------------------------------------
    "ledger.column_status": ("审核状态", "Review status"),
    "ledger.no_village": ("未填村", "No village"),
    "ledger.sheet_title": ("台账", "Ledger"),
}
