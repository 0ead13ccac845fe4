"""Messages: The desktop program's windows."""

MESSAGES: dict[str, tuple[str, str]] = {
    "ui.id_exists": (
        "注意：已有 {count} 条记录使用这个身份证号码，请确认不是重复登记",
        "Note: {count} record(s) already have this ID number; make sure this is no duplicate",
    ),
    "ui.unexpected": (
        "程序出错了（{detail}），请把这句话告诉县里的技术人员",
        "Something went wrong in the program ({detail}); please tell county IT",
    ),
}
