"""Messages: Sync with the county server and offline bundles."""

MESSAGES: dict[str, tuple[str, str]] = {
    # --- what the server answers to a pushed revision ------------------------------------
    "sync.revision_mismatch": (
        "修订 {revision} 的编号与内容不符（数据在传输或保存中被改动），服务器拒收",
        "Revision {revision} does not match its content (changed in transit or on disk); refused",
    ),
    "sync.out_of_scope": (
        "记录 {record_id} 属于村 {village}，不在本账号的管辖范围内",
        "Record {record_id} belongs to village {village}, outside this account's area",
    ),
    "sync.unknown_form": (
        "服务器上没有表单 {form} 版本 {version}，请县里先发布该表单",
        "The server has no form {form} version {version}; the county must publish it first",
    ),
    "sync.bad_new_status": (
        "新记录不能直接以“{status}”状态上传",
        "A new record cannot arrive with status '{status}'",
    ),
    "sync.stale_move": (
        "这次修改不能用在服务器上的这条记录上：{detail}",
        "This change cannot be made to the record as the server holds it: {detail}",
    ),
    "sync.village_mismatch": (
        "记录 {record_id} 登记在村 {village}，但答案填的是村 {named}：记录的村以答案为准，请改正",
        "Record {record_id} is filed under village {village} but its answers name village "
        "{named}: a record belongs to the village its answers name; correct it",
    ),
    "sync.bad_text": (
        "记录 {record_id} 的 {field} 含有控制字符或无效字符，服务器拒收",
        "Record {record_id}: {field} holds a control character or an invalid character; refused",
    ),
    "sync.not_stored": (
        "服务器未能保存修订 {revision}（原因已记入服务器日志），请联系县里",
        "The server could not store revision {revision} (the cause is in the server's log); "
        "tell the county",
    ),
    "sync.invalid": (
        "记录未通过表单检查（{count} 个问题，第一个在 {field}：{detail}）",
        "The record fails the form's checks ({count} problems, the first at {field}: {detail})",
    ),
    "sync.parent_missing": (
        "这条修改所依据的上一版还没有到达服务器，稍后会再试",
        "The revision this change is based on has not reached the server yet; it will be "
        "tried again",
    ),
    "sync.checkpoint_unknown": (
        "服务器不认识本机的同步进度（服务器可能已恢复或更换），将重新下载全部记录",
        "The server does not know this laptop's sync checkpoint (it may have been restored "
        "or replaced); all records will be downloaded again",
    ),
    "sync.bad_gzip": ("上传的数据压缩格式损坏", "The upload's gzip data is damaged"),
    # --- the laptop's sync client ---------------------------------------------------------
    "sync.offline": (
        "连不上县服务器 {server}：请检查网络，恢复后会自动同步，数据都保存在本机",
        "Cannot reach the county server {server}: check the network; sync resumes by "
        "itself when it is back, and everything is kept on this laptop",
    ),
    "sync.tls": (
        "县服务器 {server} 的证书无法验证：请在设置中选择县里提供的证书文件（{detail}）",
        "The certificate of the county server {server} cannot be verified: choose the "
        "county's certificate file in the settings ({detail})",
    ),
    "sync.login_needed": (
        "需要重新登录县服务器（{detail}）",
        "Please log in to the county server again ({detail})",
    ),
    "sync.refused": (
        "县服务器拒绝了请求（{status}）：{detail}",
        "The county server refused the request ({status}): {detail}",
    ),
    "sync.bad_answer": (
        "县服务器的回答无法识别，请联系县信息中心（{detail}）",
        "The county server's answer cannot be understood; contact county IT ({detail})",
    ),
    "sync.cancelled": (
        "同步已取消，已完成的部分都已保存",
        "Sync cancelled; what was done is saved",
    ),
    "sync.report": (
        "上传 {pushed} 条，合并 {merged} 条，冲突 {conflicts} 条，被拒 {rejected} 条，"
        "待上一版 {held} 条，下载 {pulled} 条（{seconds} 秒）",
        "pushed {pushed}, merged {merged}, conflicts {conflicts}, rejected {rejected}, "
        "held {held}, pulled {pulled} ({seconds} s)",
    ),
    "sync.not_set_up": (
        "还没有设置县服务器：请先用 --server 和 --user 登录一次",
        "No county server is set up yet: log in once with --server and --user",
    ),
    # --- the store's side of sync ---------------------------------------------------------
    "store.unknown_form": (
        "本机没有表单 {form} 版本 {version}",
        "This laptop does not have form {form} version {version}",
    ),
    "store.no_such_conflict": (
        "没有待处理的冲突 {conflict}",
        "No open conflict {conflict}",
    ),
    "store.no_such_revision": ("本机没有修订 {revision}", "No revision {revision} here"),
    # --- bundles ---------------------------------------------------------------------------
    "bundle.not_a_bundle": (
        "{path} 不是采集程序的数据包",
        "{path} is not a Collector bundle",
    ),
    "bundle.damaged": (
        "数据包 {path} 已损坏，或不是用这个数据包密码制作的；什么都没有导入",
        "The bundle {path} is damaged, or was made with another bundle password; "
        "nothing was imported",
    ),
    "bundle.foreign": (
        "数据包 {path} 的内容无法识别（{detail}）；什么都没有导入",
        "The contents of bundle {path} cannot be understood ({detail}); nothing was imported",
    ),
    "bundle.exported": (
        "已把 {count} 条未上传的修改写入 {path}",
        "Wrote {count} unsent revisions to {path}",
    ),
    "bundle.imported": (
        "导入完成：新增或更新 {accepted} 条，合并 {merged} 条，冲突 {conflicts} 条，"
        "已有 {unchanged} 条，缺上一版 {held} 条",
        "Imported: {accepted} new or updated, {merged} merged, {conflicts} conflicts, "
        "{unchanged} already here, {held} waiting for an earlier revision",
    ),
}
