"""The catalogue of every message a user can meet, in Chinese first and English.

Problems carry a code and parameters, never finished text; the text is rendered from this
catalogue in the language asked for, so a test can compare codes and a user can switch
language without the core knowing about widgets (the pattern of pyxform's errors.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from collector.catalogue import ledger as catalogue_ledger
from collector.catalogue import operations as catalogue_operations
from collector.catalogue import safety as catalogue_safety
from collector.catalogue import sync as catalogue_sync
from collector.catalogue import ui as catalogue_ui

LANGUAGES = ("zh", "en")
_language = "zh"


def set_language(lang: str) -> None:
    global _language
    if lang not in LANGUAGES:
        raise ValueError(f"unsupported language {lang!r}; one of {LANGUAGES}")
    _language = lang


def get_language() -> str:
    return _language


CATALOGUE: dict[str, tuple[str, str]] = {
    # --- reading a form file -------------------------------------------------------------
    "form.unreadable": (
        "无法读取表单文件：{detail}",
        "Cannot read the form file: {detail}",
    ),
    "form.not_a_form": (
        "这不是 XLSForm 表单：找不到 survey 工作表（现有工作表：{sheets}）",
        "Not an XLSForm: there is no 'survey' sheet (sheets found: {sheets})",
    ),
    "form.missing_column": (
        "缺少“{column}”列",
        "The '{column}' column is missing",
    ),
    "form.duplicate_column": (
        "列标题“{column}”出现了两次",
        "The column header '{column}' appears twice",
    ),
    "form.missing_type": (
        "“{name}”这一行没有填写题型（type）",
        "Row '{name}' has no question type",
    ),
    "form.row_without_type": (
        "这一行没有题型（type）也没有字段名，只在 {columns} 列有内容，已跳过",
        "This row has no type and no name, only cells in column(s) {columns}; it is skipped",
    ),
    "form.duplicate_columns": (
        "列标题“{header}”出现在 {columns} 列，只读取了 {used} 列",
        "The header '{header}' stands over columns {columns}; only column {used} is read",
    ),
    "form.reader_warning": (
        "读取表格时的提示：{detail}",
        "While reading the spreadsheet: {detail}",
    ),
    "form.bad_layout_csv": (
        "不是可读取的 CSV 表单：应为 pyxform 的布局（第一列写工作表名 survey、choices、settings，"
        "数据行第一列留空），或一对文件 名称-survey.csv 与 名称-choices.csv（逗号或分号分隔）",
        "Not a CSV form this program reads: expected pyxform's layout (the first column names "
        "the sheet, survey, choices or settings, and is empty on data rows), or a pair of "
        "files NAME-survey.csv and NAME-choices.csv (comma or semicolon separated)",
    ),
    "form.bad_layout_md": (
        "不是可读取的 markdown 表单：应为 pyxform 的布局（表格第一列写工作表名 survey、choices、"
        "settings，数据行第一列留空）",
        "Not a markdown form this program reads: expected pyxform's layout (the first column "
        "of the table names the sheet, survey, choices or settings, and is empty on data rows)",
    ),
    "form.missing_name": (
        "这一行有题型“{type}”但没有字段名（name）",
        "This row has type '{type}' but no name",
    ),
    "form.bad_name": (
        "字段名“{name}”无效：只能用字母、数字、下划线、连字符和点，且以字母或下划线开头",
        "The name '{name}' is invalid: use letters, digits, _ - and . and start with a letter or _",
    ),
    "form.unknown_type": (
        "不认识的题型“{type}”",
        "Unknown question type '{type}'",
    ),
    "form.duplicate_name": (
        "字段名“{name}”重复，第一次出现在第 {first_row} 行",
        "The name '{name}' is used twice; first used on row {first_row}",
    ),
    "form.missing_choice_list": (
        "选项列表“{list}”在 choices 工作表中不存在",
        "The choice list '{list}' does not exist on the choices sheet",
    ),
    "form.missing_list_name": (
        "选择题“{type}”没有写选项列表名，应写成“select_one 列表名”",
        "The select question '{type}' names no choice list; write 'select_one list_name'",
    ),
    "form.empty_choice_list": (
        "选项列表“{list}”没有任何选项",
        "The choice list '{list}' has no choices",
    ),
    "form.duplicate_choice": (
        "选项列表“{list}”中的选项“{name}”重复",
        "The choice '{name}' appears twice in the list '{list}'",
    ),
    "form.choice_missing_name": (
        "选项列表“{list}”中有一个选项没有 name",
        "A choice in the list '{list}' has no name",
    ),
    "form.choice_file_missing": (
        "找不到选项文件“{file}”（已查找：{searched}），此题的答案暂时无法核对选项",
        "The choice file '{file}' was not found (searched: {searched}); answers to this "
        "question cannot be checked against a list",
    ),
    "form.choice_file_unreadable": (
        "选项文件“{file}”无法读取：{detail}",
        "The choice file '{file}' cannot be read: {detail}",
    ),
    "form.external_list_twice": (
        "选项列表“{list}”同时出现在 choices 和 external_choices 工作表中，本程序只用 choices 中的",
        "The choice list '{list}' stands on both the choices and the external_choices sheet; "
        "this program uses the one on the choices sheet",
    ),
    "form.choice_file_bad": (
        "选项文件“{file}”缺少“{column}”列",
        "The choice file '{file}' has no '{column}' column",
    ),
    "form.unmatched_end": (
        "“{type}”没有与之对应的开始行",
        "'{type}' has no matching begin row",
    ),
    "form.unclosed_group": (
        "组或重复组“{name}”没有结束行（end group / end repeat）",
        "The group or repeat '{name}' is never closed (end group / end repeat)",
    ),
    "form.mismatched_end": (
        "“{type}”与第 {begin_row} 行开始的“{name}”不匹配",
        "'{type}' does not match '{name}' begun on row {begin_row}",
    ),
    "form.bad_yes_no": (
        "“{column}”应填 yes 或 no，或一个表达式，而不是“{value}”",
        "'{column}' must be yes, no or an expression, not '{value}'",
    ),
    "form.bad_policy": (
        "冲突策略“{value}”无效，可选：manual、latest、server、client、union",
        "Unknown conflict policy '{value}'; use manual, latest, server, client or union",
    ),
    "form.bad_parameters": (
        "参数“{value}”格式不对，应写成 key=value，用空格分开",
        "Parameters '{value}' are malformed; write key=value pairs separated by spaces",
    ),
    "form.expression_syntax": (
        "表达式有语法错误（第 {position} 个字符附近，“{detail}”）：{expression}",
        "Syntax error in the expression near character {position} ('{detail}'): {expression}",
    ),
    "form.unknown_function": (
        "表达式使用了不支持的函数“{detail}”：{expression}",
        "The expression calls an unsupported function '{detail}': {expression}",
    ),
    "form.wrong_arity": (
        "函数“{detail}”的参数个数不对：{expression}",
        "Wrong number of arguments to '{detail}': {expression}",
    ),
    "form.unsupported_expression": (
        "表达式使用了不支持的写法“{detail}”：{expression}",
        "The expression uses an unsupported construct '{detail}': {expression}",
    ),
    "form.unknown_role": (
        "角色“{role}”不是本程序认识的角色；可用的角色：{known}",
        "'{role}' is not a role this program knows; the roles are: {known}",
    ),
    "form.duplicate_role": (
        "角色“{role}”已由第 {first_row} 行的字段“{first}”承担，一个角色只能给一个字段",
        "The role '{role}' is already given to '{first}' on row {first_row}; a role "
        "belongs to one field",
    ),
    "form.missing_role": (
        "表单 {form} 没有字段承担“{role}”这一角色：请在 survey 表的 role 列中，"
        "为相应字段填写 {role}（文本格式表单写 role: {role}）",
        "The form {form} has no field with the role '{role}': write {role} in the role "
        "column of the survey sheet on the field that holds it (role: {role} in a text form)",
    ),
    "form.ambiguous_reference": (
        "表达式引用的 ${{{name}}} 不唯一：第 {rows} 行都叫这个名字（名字只需在所在分组内唯一，"
        "但被引用的名字须在整个表单中唯一）",
        "The expression refers to ${{{name}}}, a name that stands on rows {rows} (names "
        "need only be unique within their group, but a referenced name must be unique in "
        "the form)",
    ),
    "form.unknown_reference": (
        "表达式引用了不存在的字段 ${{{name}}}",
        "The expression refers to a field that does not exist: ${{{name}}}",
    ),
    "form.circular_calculation": (
        "计算字段之间循环引用：{cycle}",
        "Circular calculation: {cycle}",
    ),
    "form.bad_text_form": (
        "文本表单格式错误：{detail}",
        "The text form is malformed: {detail}",
    ),
    # --- validating a record -------------------------------------------------------------
    "value.required": ("此项必填", "This field is required"),
    "value.not_integer": ("应填写整数，而不是“{value}”", "Must be a whole number, not '{value}'"),
    "value.not_decimal": ("应填写数字，而不是“{value}”", "Must be a number, not '{value}'"),
    "value.not_date": (
        "应填写日期（如 2026-05-01），而不是“{value}”",
        "Must be a date such as 2026-05-01, not '{value}'",
    ),
    "value.not_datetime": (
        "应填写日期和时间，而不是“{value}”",
        "Must be a date and time, not '{value}'",
    ),
    "value.not_time": ("应填写时间（如 08:30），而不是“{value}”", "Must be a time, not '{value}'"),
    "value.not_text": ("应填写文字，而不是“{value}”", "Must be text, not '{value}'"),
    "value.not_a_choice": (
        "“{value}”不是可选的选项",
        "'{value}' is not one of the choices",
    ),
    "value.choice_filtered_out": (
        "“{value}”与前面的选择不一致（如乡镇与村不匹配）",
        "'{value}' does not fit the earlier answer it depends on",
    ),
    "value.constraint": (
        "填写的内容不符合要求（{constraint}）",
        "The answer is not allowed ({constraint})",
    ),
    "value.form_message": ("{message}", "{message}"),
    "value.not_relevant": (
        "按前面的回答，此项不应填写（现为“{value}”）",
        "Given the earlier answers this field should be empty (it holds '{value}')",
    ),
    "value.calculation_mismatch": (
        "此项应为“{expected}”（根据其他项计算得出），而不是“{value}”",
        "Must be '{expected}' (calculated from other answers), not '{value}'",
    ),
    "value.repeat_not_list": (
        "“{name}”应为多条记录的列表",
        "'{name}' must be a list of entries",
    ),
    "value.unknown_field": (
        "表单中没有“{name}”这一项",
        "The form has no field '{name}'",
    ),
    "id.format": (
        "身份证号应为18位（最后一位可以是X），现为“{value}”",
        "A resident ID number has 18 characters (the last may be X), not '{value}'",
    ),
    "id.checksum": (
        "身份证号校验位不对，请核对每一位数字",
        "The ID number's check digit is wrong; check every digit",
    ),
    "id.birth_date": (
        "身份证号中的出生日期（第7至14位）不存在",
        "The birth date in the ID number (digits 7-14) is not a real date",
    ),
    "id.region": (
        "身份证号前6位不是有效的行政区划代码",
        "The first six digits of the ID number are not a valid region code",
    ),
    "id.age": (
        "按身份证号，调查日 {survey_date} 时年龄为 {age} 岁，不在 {age_min}-{age_max} 岁之间",
        "By the ID number the person is {age} on the survey date {survey_date}, "
        "outside {age_min}-{age_max}",
    ),
    "mobile.invalid": (
        "手机号应为以1开头的11位数字，现为“{value}”",
        "A mobile number has 11 digits starting with 1, not '{value}'",
    ),
    "division.invalid": (
        "行政区划代码应为12位数字且属于已知省份，现为“{value}”",
        "A division code has 12 digits and a known province, not '{value}'",
    ),
    # --- the store and the workflow -------------------------------------------------------
    "store.wrong_password": (
        "密码不对，请重新输入（注意大小写和输入法）",
        "Wrong password; please try again (check Caps Lock and the input method)",
    ),
    "store.keys_unreadable": (
        "无法读取密钥文件 keys.json（{detail}），请联系县里的技术人员",
        "Cannot read the key file keys.json ({detail}); please call county IT",
    ),
    "store.wrong_recovery_key": (
        "这个恢复私钥打不开此数据，请确认是本县的恢复私钥",
        "This recovery private key does not open this store; is it the county's key?",
    ),
    "store.no_recovery_key": (
        "此数据创建时没有配置县级恢复公钥，无法用恢复私钥打开",
        "This store was made without the county's recovery public key; it cannot be recovered",
    ),
    "store.exists": ("{path} 中已经有数据，不能重复创建", "{path} already holds a store"),
    "store.missing": (
        "{path} 中没有数据，请先运行 collector init",
        "{path} holds no store; run collector init first",
    ),
    "store.no_such_record": ("找不到记录 {record_id}", "No record {record_id}"),
    "store.delete_not_draft": (
        "只能删除草稿：这条记录已提交过",
        "Only drafts can be deleted: this record has been submitted",
    ),
    "store.delete_sent": (
        "不能删除：这条草稿已同步到县服务器或已导出到同步包",
        "Cannot delete: this draft has reached the county server or a sync bundle",
    ),
    "store.delete_not_own": (
        "不能删除：这条草稿是其他账号录入的",
        "Cannot delete: this draft was entered by another account",
    ),
    "store.password_mismatch": ("两次输入的密码不一致", "The two passwords differ"),
    "store.password_short": ("密码至少要 8 位", "The password needs at least 8 characters"),
    "store.no_password": (
        "需要密码：请在提示时输入，或为脚本设置 COLLECTOR_PASSWORD",
        "A password is needed: type it at the prompt, or set COLLECTOR_PASSWORD for scripts",
    ),
    "workflow.no_such_move": (
        "记录不能从“{old}”直接改为“{new}”",
        "A record cannot go from '{old}' to '{new}'",
    ),
    "workflow.not_your_move": (
        "{role}账号不能把记录从“{old}”改为“{new}”",
        "A {role} account cannot move a record from '{old}' to '{new}'",
    ),
    "workflow.reason_required": ("退回时必须写明原因", "A return needs a reason"),
    "workflow.not_editable": (
        "记录处于“{status}”状态，{role}账号不能修改",
        "A {role} account cannot change a record that is '{status}'",
    ),
    "workflow.not_deletable": (
        "记录处于“{status}”状态，{role}账号不能删除或恢复",
        "A {role} account cannot delete or restore a record that is '{status}'",
    ),
    "workflow.bad_new_status": (
        "新记录不能直接以“{status}”状态出现",
        "A new record cannot start with status '{status}'",
    ),
    "workflow.has_problems": (
        "记录还有 {count} 个问题，改正后才能提交",
        "The record still has {count} problems; fix them before submitting",
    ),
    "status.draft": ("草稿", "draft"),
    "status.submitted": ("已提交", "submitted"),
    "status.returned": ("已退回", "returned"),
    "status.approved": ("乡镇已审核", "approved"),
    "status.accepted": ("县级已验收", "accepted"),
    "role.village": ("村级", "village"),
    "role.township": ("乡镇", "township"),
    "role.county": ("县级", "county"),
    "role.admin": ("管理员", "admin"),
    "level.province": ("省", "province"),
    "level.city": ("市", "city"),
    "level.county": ("县", "county"),
    "level.township": ("乡镇", "township"),
    "level.village": ("村", "village"),
    "audit.ok": (
        "审计日志完整：共 {count} 条，哈希链无断点",
        "Audit log intact: {count} entries, no broken link",
    ),
    "audit.broken": (
        "审计日志第 {seq} 条被改动或缺失（{reason}），此前 {count} 条完好",
        "Audit log entry {seq} was altered or is missing ({reason}); "
        "the {count} before it are intact",
    ),
    # --- the county server -----------------------------------------------------------------
    "server.unknown_division": ("没有这个行政区划代码：{division}", "No such division: {division}"),
    "server.role_division": (
        "{role}账号应属于对应级别的区划，而“{level}”级不对",
        "A {role} account belongs to a division of its own level, not a {level}",
    ),
    "server.account_exists": ("账号“{name}”已存在", "The account '{name}' exists already"),
    "server.no_such_account": ("没有账号“{name}”", "No account '{name}'"),
    "server.bad_login": ("账号或密码不对", "Wrong account name or password"),
    "server.throttled": (
        "该账号登录失败次数太多，已暂时锁定，请 {minutes} 分钟后再试（{until} UTC 解锁）",
        "Too many failed logins for this account; it is locked, try again in {minutes} "
        "minutes (it opens at {until} UTC)",
    ),
    "server.throttled_address": (
        "这台电脑登录失败次数太多，请 {minutes} 分钟后再试（{until} UTC 解锁）",
        "Too many failed logins from this computer; try again in {minutes} minutes "
        "(at {until} UTC)",
    ),
    "server.not_logged_in": (
        "请先登录（令牌缺失或已过期）",
        "Log in first (no token, or it expired)",
    ),
    "server.form_version_exists": (
        "表单 {form} 的版本 {version} 已发布过且内容不同，请改用新版本号",
        "Form {form} version {version} was published with other content; use a new version",
    ),
    "server.no_such_form": ("没有表单 {form} 版本 {version}", "No form {form} version {version}"),
    "server.unknown_action": ("不认识的审核操作：{action}", "Unknown review action: {action}"),
    "server.no_such_record": ("找不到记录 {record_id}", "No record {record_id}"),
    "server.db_readable": (
        "数据库文件 {path} 其他用户也能读取（其中有全部记录的明文）：请执行 chmod 600，"
        "或用 --allow-readable-db 仍然启动",
        "Other users can read the database file {path} (it holds every record in plain "
        "text): chmod 600 it, or start anyway with --allow-readable-db",
    ),
    "server.which_county": (
        "请用 --county 指明县的代码（服务器上有：{counties}）",
        "Name the county with --county (the server holds: {counties})",
    ),
    "server.failed": (
        "服务器处理请求时出错（已记入服务器日志），请稍后再试或联系县里",
        "The server failed on this request (it is in the server's log); try again later "
        "or tell the county",
    ),
    "server.too_large": (
        "请求太大（上限 {limit} 字节）",
        "The request is too large (limit {limit} bytes)",
    ),
    "server.county_only": ("只有县级账号可以查看", "Only county accounts may see this"),
    "server.unknown_filter": (
        "筛选条件 {field} 的值“{value}”不存在",
        "The {field} filter names something that does not exist: '{value}'",
    ),
    "server.round_open": (
        "已有一个调查轮次未关闭，请先关闭它",
        "A survey round is open; close it first",
    ),
    "server.round_exists": ("调查轮次“{name}”已存在", "The survey round '{name}' exists"),
    "server.no_open_round": ("没有正在进行的调查轮次", "No survey round is open"),
    "server.division_file": (
        "区划文件 {file} 第 {row} 行：{detail}",
        "Division file {file}, row {row}: {detail}",
    ),
    "server.divisions_imported": (
        "已从 {file} 导入 {count} 个区划",
        "{count} divisions imported from {file}",
    ),
    # --- the command line ----------------------------------------------------------------
    "cli.key_paths_same": (
        "私钥和公钥不能写到同一个文件",
        "The private and the public key cannot go to the same file",
    ),
    "cli.file_exists": (
        "{path} 已存在，不会覆盖（覆盖恢复私钥会让已有数据无法恢复）",
        "{path} exists and is not overwritten (a replaced recovery key strands existing stores)",
    ),
    "value.expression_failed": (
        "表单中的表达式无法计算（{detail}），请联系表单作者",
        "An expression of the form cannot be evaluated ({detail}); please tell the form's author",
    ),
    "form.no_fields": ("survey 工作表中没有任何字段", "The survey sheet has no fields"),
    "cli.fake_unsupported": (
        "只能为外出劳动力调查表（{survey}）生成示例记录，不能为“{form}”生成",
        "Synthetic records exist for the survey form ({survey}) only, not for '{form}'",
    ),
    "cli.data_unreadable": ("无法读取数据文件：{detail}", "Cannot read the data file: {detail}"),
    "cli.no_records": ("没有符合条件的记录", "No records match"),
    "cli.no_display": (
        "这台电脑没有图形界面（没有设置 DISPLAY 或 WAYLAND_DISPLAY），打不开程序窗口。"
        "不开窗口也能看演示：./scripts/run.sh demo --check",
        "This machine has no display (neither DISPLAY nor WAYLAND_DISPLAY is set), so the "
        "program's window cannot open. The demo without a window: ./scripts/run.sh demo --check",
    ),
    "cli.store_made": (
        "已在 {folder} 建立加密数据库 {file}。下一步：\n"
        "  打开程序：collector app --data-dir {folder}\n"
        "  登录县服务器并同步：collector sync --data-dir {folder} "
        "--server 服务器地址 --user 用户名\n"
        "  或从乡镇台账导入：collector import --data-dir {folder} --form 表单文件 台账.xlsx",
        "Made the encrypted store {file} in {folder}. Next:\n"
        "  open the program: collector app --data-dir {folder}\n"
        "  log in to the county server and sync: collector sync --data-dir {folder} "
        "--server URL --user NAME\n"
        "  or import a township ledger: collector import --data-dir {folder} --form FORM "
        "ledger.xlsx",
    ),
    "cli.record_problems": (
        "第 {row} 行的记录有 {count} 个问题",
        "The record on line {row} has {count} problems",
    ),
    "cli.all_valid": ("全部 {count} 条记录有效", "All {count} records are valid"),
    "cli.some_invalid": (
        "{count} 条记录中有 {invalid} 条无效",
        "{invalid} of {count} records are invalid",
    ),
    "cli.form_summary": (
        "{file}：表单“{title}”（{id}，版本 {version}），{fields} 个字段，{lists} 个选项列表，"
        "语言：{languages}",
        "{file}: form '{title}' ({id}, version {version}), {fields} fields, {lists} choice "
        "lists, languages: {languages}",
    ),
}
for _area in (
    catalogue_sync,
    catalogue_ledger,
    catalogue_ui,
    catalogue_operations,
    catalogue_safety,
):
    _clash = CATALOGUE.keys() & _area.MESSAGES.keys()
    if _clash:
        raise RuntimeError(f"message codes defined twice: {sorted(_clash)}")
    CATALOGUE.update(_area.MESSAGES)


def render(code: str, params: dict[str, Any] | None = None, lang: str | None = None) -> str:
    """The message in `lang`; a parameter given in several languages (a dict such as a
    form's own constraint message) is taken in that language too."""
    lang = lang or _language
    zh, en = CATALOGUE[code]
    values = {
        k: (v.get(lang) or next(iter(v.values()), "")) if isinstance(v, dict) else v
        for k, v in (params or {}).items()
    }
    return (en if lang == "en" else zh).format(**values)


def texts(code: str) -> dict[str, str]:
    """A catalogue entry in every language, to pass as a parameter of another message."""
    zh, en = CATALOGUE[code]
    return {"zh": zh, "en": en}


@dataclass(frozen=True)
class Message:
    """A catalogued message with its parameters, rendered on demand."""

    code: str
    params: dict[str, Any] = field(default_factory=dict)

    def text(self, lang: str | None = None) -> str:
        return render(self.code, self.params, lang)

    def __str__(self) -> str:
        return self.text()
