<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name>ConflictsPage</name>
    <message>
        <location filename="../../collector/ui/conflicts.py" line="47"/>
        <source>审核状态</source>
        <translation>Review status</translation>
    </message>
    <message>
        <location filename="../../collector/ui/conflicts.py" line="49"/>
        <source>删除</source>
        <translation>Deleted</translation>
    </message>
    <message>
        <location filename="../../collector/ui/conflicts.py" line="58"/>
        <source>已删除</source>
        <translation>deleted</translation>
    </message>
    <message>
        <location filename="../../collector/ui/conflicts.py" line="60"/>
        <source>保留</source>
        <translation>kept</translation>
    </message>
    <message>
        <location filename="../../collector/ui/conflicts.py" line="72"/>
        <source>（空）</source>
        <translation>(empty)</translation>
    </message>
    <message>
        <location filename="../../collector/ui/conflicts.py" line="89"/>
        <source>改为</source>
        <translation>Type</translation>
    </message>
    <message>
        <location filename="../../collector/ui/conflicts.py" line="121"/>
        <source>冲突</source>
        <translation>Conflicts</translation>
    </message>
    <message>
        <location filename="../../collector/ui/conflicts.py" line="125"/>
        <source>同一条记录在本机和县服务器上都被改动了同一项。请逐项选择保留哪一边的值，或填写正确的值，然后保存；保存后会自动上传。</source>
        <translation>The same answer of a record was changed on this laptop and on the county server. For each item, choose which value to keep or type the right one, then save; it is uploaded by itself.</translation>
    </message>
    <message>
        <location filename="../../collector/ui/conflicts.py" line="141"/>
        <source>保存选择</source>
        <translation>Save the choices</translation>
    </message>
    <message>
        <location filename="../../collector/ui/conflicts.py" line="145"/>
        <source>没有待处理的冲突</source>
        <translation>No conflicts to settle</translation>
    </message>
    <message>
        <location filename="../../collector/ui/conflicts.py" line="179"/>
        <source>{0} 项待定 · {1}</source>
        <translation>{0} to decide · {1}</translation>
    </message>
    <message>
        <location filename="../../collector/ui/conflicts.py" line="198"/>
        <source>记录编号 {0}</source>
        <translation>Record {0}</translation>
    </message>
    <message>
        <location filename="../../collector/ui/conflicts.py" line="204"/>
        <source>项目</source>
        <translation>Item</translation>
    </message>
    <message>
        <location filename="../../collector/ui/conflicts.py" line="205"/>
        <source>原来的值</source>
        <translation>Before both changes</translation>
    </message>
    <message>
        <location filename="../../collector/ui/conflicts.py" line="206"/>
        <source>本机的值</source>
        <translation>This laptop</translation>
    </message>
    <message>
        <location filename="../../collector/ui/conflicts.py" line="207"/>
        <source>服务器上的值</source>
        <translation>County server</translation>
    </message>
    <message>
        <location filename="../../collector/ui/conflicts.py" line="208"/>
        <source>或者改为</source>
        <translation>Or type</translation>
    </message>
    <message>
        <location filename="../../collector/ui/conflicts.py" line="234"/>
        <source>{0}：{1}</source>
        <translation>{0}: {1}</translation>
    </message>
    <message>
        <location filename="../../collector/ui/conflicts.py" line="241"/>
        <source>其他改动已自动合并：{0}</source>
        <translation>Other changes merged by themselves: {0}</translation>
    </message>
    <message>
        <location filename="../../collector/ui/conflicts.py" line="241"/>
        <source>；</source>
        <translation>; </translation>
    </message>
    <message>
        <location filename="../../collector/ui/conflicts.py" line="265"/>
        <source>已保存，将上传到县服务器</source>
        <translation>Saved; it goes to the county server next</translation>
    </message>
</context>
<context>
    <name>Editors</name>
    <message>
        <location filename="../../collector/ui/editors.py" line="319"/>
        <source>年-月-日，如 2026-11-02</source>
        <translation>year-month-day, e.g. 2026-11-02</translation>
    </message>
    <message>
        <location filename="../../collector/ui/editors.py" line="321"/>
        <source>18 位</source>
        <translation>18 characters</translation>
    </message>
    <message>
        <location filename="../../collector/ui/editors.py" line="323"/>
        <source>11 位手机号码</source>
        <translation>11-digit mobile number</translation>
    </message>
</context>
<context>
    <name>EntryPage</name>
    <message>
        <location filename="../../collector/ui/entry.py" line="138"/>
        <source>保存草稿</source>
        <translation>Save draft</translation>
    </message>
    <message>
        <location filename="../../collector/ui/entry.py" line="140"/>
        <source>检查并提交</source>
        <translation>Check and submit</translation>
    </message>
    <message>
        <location filename="../../collector/ui/entry.py" line="142"/>
        <source>提交并录入下一条</source>
        <translation>Submit and next</translation>
    </message>
    <message>
        <location filename="../../collector/ui/entry.py" line="144"/>
        <source>返回列表</source>
        <translation>Back to the list</translation>
    </message>
    <message>
        <location filename="../../collector/ui/entry.py" line="147"/>
        <source>确认无变化</source>
        <translation>Confirm unchanged</translation>
    </message>
    <message>
        <location filename="../../collector/ui/entry.py" line="212"/>
        <source>更改</source>
        <translation>Change</translation>
    </message>
    <message>
        <location filename="../../collector/ui/entry.py" line="213"/>
        <source>这一项按账号所在的村预先填好；确需更改时点这里</source>
        <translation>Filled in from the account&apos;s village; click here only if it must change</translation>
    </message>
    <message>
        <location filename="../../collector/ui/entry.py" line="298"/>
        <source>新记录</source>
        <translation>New record</translation>
    </message>
    <message>
        <location filename="../../collector/ui/entry.py" line="301"/>
        <source>乡镇退回：{0}</source>
        <translation>Returned by the township: {0}</translation>
    </message>
    <message>
        <location filename="../../collector/ui/entry.py" line="305"/>
        <source>县服务器：{0}</source>
        <translation>County server: {0}</translation>
    </message>
    <message>
        <location filename="../../collector/ui/entry.py" line="423"/>
        <source>还有 {0} 处需要填写或修改</source>
        <translation>{0} answer(s) still to fill in or correct</translation>
    </message>
    <message>
        <location filename="../../collector/ui/entry.py" line="423"/>
        <source>全部填写正确</source>
        <translation>Everything is filled in correctly</translation>
    </message>
    <message>
        <location filename="../../collector/ui/entry.py" line="508"/>
        <source>已提交，等待乡镇审核</source>
        <translation>Submitted; waiting for the township&apos;s review</translation>
    </message>
    <message>
        <location filename="../../collector/ui/entry.py" line="519"/>
        <source>上一条已提交，等待乡镇审核；请录入下一条</source>
        <translation>The last record was submitted for township review; enter the next one</translation>
    </message>
    <message>
        <location filename="../../collector/ui/entry.py" line="531"/>
        <source>已确认本轮无变化</source>
        <translation>Confirmed unchanged for this round</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <location filename="../../collector/ui/reports.py" line="153"/>
        <source>导入台账：预览</source>
        <translation>Import a ledger: preview</translation>
    </message>
    <message>
        <location filename="../../collector/ui/reports.py" line="157"/>
        <source>按此对应重新检查</source>
        <translation>Check again with these columns</translation>
    </message>
    <message>
        <location filename="../../collector/ui/reports.py" line="158"/>
        <source>所选的对应会保存下来，下次导入时自动使用</source>
        <translation>The choices are kept and used for the next import</translation>
    </message>
    <message>
        <location filename="../../collector/ui/reports.py" line="162"/>
        <source>{file}，工作表“{sheet}”（表头在第 {header} 行）共 {rows} 行：{valid} 行没有问题，{invalid} 行有问题，{existing} 行的身份证号已存在</source>
        <translation>{file}, sheet “{sheet}” (headers in row {header}), {rows} rows: {valid} without problems, {invalid} with problems, {existing} whose ID number exists already</translation>
    </message>
    <message>
        <location filename="../../collector/ui/reports.py" line="178"/>
        <source>行</source>
        <translation>Row</translation>
    </message>
    <message>
        <location filename="../../collector/ui/reports.py" line="178"/>
        <source>列</source>
        <translation>Column</translation>
    </message>
    <message>
        <location filename="../../collector/ui/reports.py" line="178"/>
        <source>表头</source>
        <translation>Header</translation>
    </message>
    <message>
        <location filename="../../collector/ui/reports.py" line="178"/>
        <source>问题</source>
        <translation>Problem</translation>
    </message>
    <message>
        <location filename="../../collector/ui/reports.py" line="185"/>
        <source>全部导入</source>
        <translation>Import all</translation>
    </message>
    <message>
        <location filename="../../collector/ui/reports.py" line="187"/>
        <source>有问题的行改正之前，不能全部导入</source>
        <translation>All rows can be imported only once the rows with problems are corrected</translation>
    </message>
    <message>
        <location filename="../../collector/ui/reports.py" line="190"/>
        <source>只导入没有问题的 {count} 行</source>
        <translation>Import only the {count} rows without problems</translation>
    </message>
    <message>
        <location filename="../../collector/ui/reports.py" line="194"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../collector/ui/reports.py" line="201"/>
        <source>各列对应的字段（可修改）</source>
        <translation>Field filled by each column (you may change it)</translation>
    </message>
    <message>
        <location filename="../../collector/ui/reports.py" line="207"/>
        <source>问题（共 {count} 个）</source>
        <translation>Problems ({count})</translation>
    </message>
    <message>
        <location filename="../../collector/ui/reports.py" line="216"/>
        <source>（不导入）</source>
        <translation>(not imported)</translation>
    </message>
    <message>
        <location filename="../../collector/ui/reports.py" line="220"/>
        <source>台账的列</source>
        <translation>Ledger column</translation>
    </message>
    <message>
        <location filename="../../collector/ui/reports.py" line="220"/>
        <source>导入到</source>
        <translation>Imported into</translation>
    </message>
</context>
<context>
    <name>IntroPage</name>
    <message>
        <location filename="../../collector/ui/wizard.py" line="41"/>
        <source>欢迎使用外出劳动力资源信息采集</source>
        <translation>Welcome to the out-migrant labour survey</translation>
    </message>
    <message>
        <location filename="../../collector/ui/wizard.py" line="42"/>
        <source>第一次使用，请选择怎样开始</source>
        <translation>First use: choose how to start</translation>
    </message>
    <message>
        <location filename="../../collector/ui/wizard.py" line="46"/>
        <source>联网登录县服务器（用县里发的账号）</source>
        <translation>Log in to the county server (with the account the county gave you)</translation>
    </message>
    <message>
        <location filename="../../collector/ui/wizard.py" line="47"/>
        <source>导入县里提供的配置文件（没有网络时）</source>
        <translation>Import the set-up file from the county (without network)</translation>
    </message>
    <message>
        <location filename="../../collector/ui/wizard.py" line="48"/>
        <source>先在本机建立数据，以后再连接县服务器</source>
        <translation>Start with data on this computer; connect to the county server later</translation>
    </message>
</context>
<context>
    <name>LocalPage</name>
    <message>
        <location filename="../../collector/ui/wizard.py" line="64"/>
        <source>在本机建立数据</source>
        <translation>Data on this computer</translation>
    </message>
    <message>
        <location filename="../../collector/ui/wizard.py" line="65"/>
        <source>数据加密保存在本机；请记住密码，忘记时需县里用恢复密钥找回</source>
        <translation>The data is kept encrypted on this computer; remember the password (if it is forgotten, county IT can recover the data with the recovery key)</translation>
    </message>
    <message>
        <location filename="../../collector/ui/wizard.py" line="69"/>
        <source>村干部（录入）</source>
        <translation>Village cadre (entry)</translation>
    </message>
    <message>
        <location filename="../../collector/ui/wizard.py" line="70"/>
        <source>乡镇工作人员（审核）</source>
        <translation>Township staff (review)</translation>
    </message>
    <message>
        <location filename="../../collector/ui/wizard.py" line="75"/>
        <source>数据文件夹</source>
        <translation>Data folder</translation>
    </message>
    <message>
        <location filename="../../collector/ui/wizard.py" line="76"/>
        <source>您的姓名</source>
        <translation>Your name</translation>
    </message>
    <message>
        <location filename="../../collector/ui/wizard.py" line="77"/>
        <source>身份</source>
        <translation>Role</translation>
    </message>
    <message>
        <location filename="../../collector/ui/wizard.py" line="78"/>
        <source>所在村或乡镇</source>
        <translation>Your village or township</translation>
    </message>
    <message>
        <location filename="../../collector/ui/wizard.py" line="79"/>
        <source>设置密码（至少 8 位）</source>
        <translation>Password (at least 8 characters)</translation>
    </message>
    <message>
        <location filename="../../collector/ui/wizard.py" line="80"/>
        <source>再输一次密码</source>
        <translation>Password again</translation>
    </message>
    <message>
        <location filename="../../collector/ui/wizard.py" line="95"/>
        <source>请填写您的姓名</source>
        <translation>Please enter your name</translation>
    </message>
    <message>
        <location filename="../../collector/ui/wizard.py" line="112"/>
        <source>正在建立加密数据…</source>
        <translation>Creating the encrypted data…</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../collector/ui/main_window.py" line="147"/>
        <source>外出劳动力资源信息采集</source>
        <translation>Out-migrant labour survey</translation>
    </message>
    <message>
        <location filename="../../collector/ui/main_window.py" line="149"/>
        <source>帮助</source>
        <translation>Help</translation>
    </message>
    <message>
        <location filename="../../collector/ui/main_window.py" line="150"/>
        <source>快捷键</source>
        <translation>Keyboard shortcuts</translation>
    </message>
    <message>
        <location filename="../../collector/ui/main_window.py" line="177"/>
        <source>记录</source>
        <translation>Records</translation>
    </message>
    <message>
        <location filename="../../collector/ui/main_window.py" line="178"/>
        <source>录入</source>
        <translation>Entry</translation>
    </message>
    <message>
        <location filename="../../collector/ui/main_window.py" line="179"/>
        <source>审核</source>
        <translation>Review</translation>
    </message>
    <message>
        <location filename="../../collector/ui/main_window.py" line="180"/>
        <source>报表</source>
        <translation>Reports</translation>
    </message>
    <message>
        <location filename="../../collector/ui/main_window.py" line="181"/>
        <source>设置</source>
        <translation>Settings</translation>
    </message>
    <message>
        <location filename="../../collector/ui/main_window.py" line="244"/>
        <source>已锁定</source>
        <translation>Locked</translation>
    </message>
    <message>
        <location filename="../../collector/ui/sync.py" line="509"/>
        <source>同步</source>
        <translation>Sync</translation>
    </message>
    <message>
        <location filename="../../collector/ui/sync.py" line="511"/>
        <source>冲突</source>
        <translation>Conflicts</translation>
    </message>
</context>
<context>
    <name>OnlinePage</name>
    <message>
        <location filename="../../collector/ui/online.py" line="53"/>
        <source>联网登录县服务器</source>
        <translation>Log in to the county server</translation>
    </message>
    <message>
        <location filename="../../collector/ui/online.py" line="54"/>
        <source>用县里发的账号登录一次；以后没有网络也能录入，联网时自动同步</source>
        <translation>Log in once with the account the county gave you; afterwards you can work without network, and sync happens when it is back</translation>
    </message>
    <message>
        <location filename="../../collector/ui/online.py" line="58"/>
        <source>县里提供时选择，否则留空</source>
        <translation>Only if the county gave you one</translation>
    </message>
    <message>
        <location filename="../../collector/ui/online.py" line="59"/>
        <source>选择…</source>
        <translation>Choose…</translation>
    </message>
    <message>
        <location filename="../../collector/ui/online.py" line="67"/>
        <source>县服务器地址</source>
        <translation>County server address</translation>
    </message>
    <message>
        <location filename="../../collector/ui/online.py" line="68"/>
        <source>CA 证书文件</source>
        <translation>CA certificate file</translation>
    </message>
    <message>
        <location filename="../../collector/ui/online.py" line="69"/>
        <source>账号</source>
        <translation>Account</translation>
    </message>
    <message>
        <location filename="../../collector/ui/online.py" line="70"/>
        <source>账号密码</source>
        <translation>Account password</translation>
    </message>
    <message>
        <location filename="../../collector/ui/online.py" line="71"/>
        <source>设置本机密码（至少 8 位）</source>
        <translation>Password for this laptop (8 characters or more)</translation>
    </message>
    <message>
        <location filename="../../collector/ui/online.py" line="72"/>
        <source>再输一次本机密码</source>
        <translation>The laptop password again</translation>
    </message>
    <message>
        <location filename="../../collector/ui/online.py" line="81"/>
        <source>请填写县服务器地址、账号和账号密码</source>
        <translation>Fill in the county server address, the account and its password</translation>
    </message>
    <message>
        <location filename="../../collector/ui/online.py" line="93"/>
        <source>正在登录县服务器并下载表单…</source>
        <translation>Logging in to the county server and fetching the forms…</translation>
    </message>
</context>
<context>
    <name>ProvisionPage</name>
    <message>
        <location filename="../../collector/ui/provision_page.py" line="32"/>
        <source>导入配置文件</source>
        <translation>Import the provisioning file</translation>
    </message>
    <message>
        <location filename="../../collector/ui/provision_page.py" line="33"/>
        <source>选择县里技术人员提供的配置文件，再为本机数据设置密码</source>
        <translation>Choose the provisioning file county IT gave you, then set a password for the data on this computer</translation>
    </message>
    <message>
        <location filename="../../collector/ui/provision_page.py" line="36"/>
        <source>选择文件…</source>
        <translation>Choose file…</translation>
    </message>
    <message>
        <location filename="../../collector/ui/provision_page.py" line="44"/>
        <source>配置文件</source>
        <translation>Provisioning file</translation>
    </message>
    <message>
        <location filename="../../collector/ui/provision_page.py" line="46"/>
        <source>设置密码（至少 8 位）</source>
        <translation>Password (at least 8 characters)</translation>
    </message>
    <message>
        <location filename="../../collector/ui/provision_page.py" line="47"/>
        <source>再输一次密码</source>
        <translation>Password again</translation>
    </message>
    <message>
        <location filename="../../collector/ui/provision_page.py" line="52"/>
        <source>选择配置文件</source>
        <translation>Choose the provisioning file</translation>
    </message>
    <message>
        <location filename="../../collector/ui/provision_page.py" line="52"/>
        <source>配置文件 (*.json);;所有文件 (*)</source>
        <translation>Provisioning files (*.json);;All files (*)</translation>
    </message>
    <message>
        <location filename="../../collector/ui/provision_page.py" line="75"/>
        <source>账号：%1（%2）</source>
        <translation>Account: %1 (%2)</translation>
    </message>
    <message>
        <location filename="../../collector/ui/provision_page.py" line="78"/>
        <source>所在：%1</source>
        <translation>Village or township: %1</translation>
    </message>
    <message>
        <location filename="../../collector/ui/provision_page.py" line="79"/>
        <source>县服务器：%1</source>
        <translation>County server: %1</translation>
    </message>
    <message>
        <location filename="../../collector/ui/provision_page.py" line="79"/>
        <source>（未设置）</source>
        <translation>(not set)</translation>
    </message>
    <message>
        <location filename="../../collector/ui/provision_page.py" line="80"/>
        <source>表单 %1 个，行政区划 %2 个</source>
        <translation>%1 forms, %2 divisions</translation>
    </message>
    <message>
        <location filename="../../collector/ui/provision_page.py" line="99"/>
        <source>正在建立加密数据…</source>
        <translation>Creating the encrypted data…</translation>
    </message>
</context>
<context>
    <name>RecordListPage</name>
    <message>
        <location filename="../../collector/ui/record_list.py" line="172"/>
        <source>搜索：姓名、拼音首字母（如 zs）、身份证号或电话</source>
        <translation>Search: name, pinyin initials (e.g. zs), ID number or phone</translation>
    </message>
    <message>
        <location filename="../../collector/ui/record_list.py" line="176"/>
        <source>全部状态</source>
        <translation>All statuses</translation>
    </message>
    <message>
        <location filename="../../collector/ui/record_list.py" line="179"/>
        <source>只看退回的</source>
        <translation>Returned only</translation>
    </message>
    <message>
        <location filename="../../collector/ui/record_list.py" line="190"/>
        <source>只看有冲突的</source>
        <translation>Conflicts only</translation>
    </message>
    <message>
        <location filename="../../collector/ui/record_list.py" line="191"/>
        <source>同步时与别处的修改冲突、待处理的记录</source>
        <translation>Records whose changes met other changes at sync and wait for a choice</translation>
    </message>
    <message>
        <location filename="../../collector/ui/record_list.py" line="181"/>
        <source>本轮待更新</source>
        <translation>Due this round</translation>
    </message>
    <message>
        <location filename="../../collector/ui/record_list.py" line="184"/>
        <source>新建记录</source>
        <translation>New record</translation>
    </message>
    <message>
        <location filename="../../collector/ui/record_list.py" line="201"/>
        <location filename="../../collector/ui/record_list.py" line="353"/>
        <source>删除草稿</source>
        <translation>Delete draft</translation>
    </message>
    <message>
        <location filename="../../collector/ui/record_list.py" line="241"/>
        <source>本轮待更新（{0}）</source>
        <translation>Due this round ({0})</translation>
    </message>
    <message>
        <location filename="../../collector/ui/record_list.py" line="259"/>
        <source>显示 {0} 条</source>
        <translation>{0} shown</translation>
    </message>
    <message>
        <location filename="../../collector/ui/record_list.py" line="261"/>
        <source>显示前 {0} 条，请输入更多字缩小范围</source>
        <translation>First {0} shown; type more to narrow the search</translation>
    </message>
    <message>
        <location filename="../../collector/ui/record_list.py" line="272"/>
        <source>全部村</source>
        <translation>All villages</translation>
    </message>
    <message>
        <location filename="../../collector/ui/record_list.py" line="326"/>
        <source>请先选中一条草稿</source>
        <translation>Select a draft first</translation>
    </message>
    <message>
        <location filename="../../collector/ui/record_list.py" line="331"/>
        <source>删除这条从未同步的草稿</source>
        <translation>Delete this draft, which was never synced</translation>
    </message>
    <message>
        <location filename="../../collector/ui/record_list.py" line="349"/>
        <source>（未填姓名）</source>
        <translation>(no name yet)</translation>
    </message>
    <message>
        <location filename="../../collector/ui/record_list.py" line="350"/>
        <source>删除草稿“{0}”（{1}，{2} 保存）？删除后不能恢复。</source>
        <translation>Delete the draft “{0}” ({1}, saved {2})? It cannot be brought back.</translation>
    </message>
</context>
<context>
    <name>RecordTableModel</name>
    <message>
        <location filename="../../collector/ui/record_list.py" line="68"/>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../collector/ui/record_list.py" line="69"/>
        <source>公民身份号码</source>
        <translation>ID number</translation>
    </message>
    <message>
        <location filename="../../collector/ui/record_list.py" line="70"/>
        <source>联系电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../../collector/ui/record_list.py" line="71"/>
        <source>村（社区）</source>
        <translation>Village</translation>
    </message>
    <message>
        <location filename="../../collector/ui/record_list.py" line="72"/>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../collector/ui/record_list.py" line="73"/>
        <source>问题</source>
        <translation>Problems</translation>
    </message>
    <message>
        <location filename="../../collector/ui/record_list.py" line="74"/>
        <source>退回原因</source>
        <translation>Reason returned</translation>
    </message>
    <message>
        <location filename="../../collector/ui/record_list.py" line="75"/>
        <source>更新时间</source>
        <translation>Updated</translation>
    </message>
    <message>
        <location filename="../../collector/ui/record_list.py" line="76"/>
        <source>县服务器意见</source>
        <translation>County server says</translation>
    </message>
    <message>
        <location filename="../../collector/ui/record_list.py" line="146"/>
        <source>有冲突，待处理</source>
        <translation>In conflict, waiting for a choice</translation>
    </message>
    <message>
        <location filename="../../collector/ui/record_list.py" line="138"/>
        <source>退回原因：{0}</source>
        <translation>Returned because: {0}</translation>
    </message>
    <message>
        <location filename="../../collector/ui/record_list.py" line="141"/>
        <source>县服务器：{0}</source>
        <translation>County server: {0}</translation>
    </message>
</context>
<context>
    <name>ReportsPage</name>
    <message>
        <location filename="../../collector/ui/reports.py" line="257"/>
        <source>重新统计</source>
        <translation>Count again</translation>
    </message>
    <message>
        <location filename="../../collector/ui/reports.py" line="261"/>
        <source>统计全部记录</source>
        <translation>Count all records</translation>
    </message>
    <message>
        <location filename="../../collector/ui/reports.py" line="263"/>
        <source>默认只统计乡镇已审核、县已验收的记录，同一身份证号只算一人</source>
        <translation>By default only records approved by the township or accepted by the county are counted, one person per ID number</translation>
    </message>
    <message>
        <location filename="../../collector/ui/reports.py" line="266"/>
        <source>导出报表 Excel</source>
        <translation>Report as Excel</translation>
    </message>
    <message>
        <location filename="../../collector/ui/reports.py" line="268"/>
        <source>导出报表 PDF</source>
        <translation>Report as PDF</translation>
    </message>
    <message>
        <location filename="../../collector/ui/reports.py" line="270"/>
        <location filename="../../collector/ui/reports.py" line="471"/>
        <source>导出台账</source>
        <translation>Export ledger</translation>
    </message>
    <message>
        <location filename="../../collector/ui/reports.py" line="272"/>
        <source>每村一个工作表</source>
        <translation>One sheet per village</translation>
    </message>
    <message>
        <location filename="../../collector/ui/reports.py" line="273"/>
        <location filename="../../collector/ui/reports.py" line="505"/>
        <source>导入台账</source>
        <translation>Import ledger</translation>
    </message>
    <message>
        <location filename="../../collector/ui/reports.py" line="275"/>
        <source>返乡人员与企业岗位匹配</source>
        <translation>Match returnees to jobs</translation>
    </message>
    <message>
        <location filename="../../collector/ui/reports.py" line="277"/>
        <location filename="../../collector/ui/reports.py" line="598"/>
        <source>导出匹配结果</source>
        <translation>Export matches</translation>
    </message>
    <message>
        <location filename="../../collector/ui/reports.py" line="288"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../collector/ui/reports.py" line="298"/>
        <source>统计表</source>
        <translation>Table</translation>
    </message>
    <message>
        <location filename="../../collector/ui/reports.py" line="306"/>
        <source>台账</source>
        <translation>Ledger</translation>
    </message>
    <message>
        <location filename="../../collector/ui/reports.py" line="371"/>
        <source>正在统计……</source>
        <translation>Counting…</translation>
    </message>
    <message>
        <location filename="../../collector/ui/reports.py" line="384"/>
        <source>{scope}：共 {count} 人</source>
        <translation>{scope}: {count} people</translation>
    </message>
    <message>
        <location filename="../../collector/ui/reports.py" line="386"/>
        <source>（乡镇已审核、县已验收的记录，同一身份证号只算一人）</source>
        <translation> (records approved or accepted, one per ID number)</translation>
    </message>
    <message>
        <location filename="../../collector/ui/reports.py" line="444"/>
        <location filename="../../collector/ui/reports.py" line="471"/>
        <location filename="../../collector/ui/reports.py" line="598"/>
        <source>Excel 工作簿 (*.xlsx)</source>
        <translation>Excel workbook (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../collector/ui/reports.py" line="444"/>
        <source>PDF 文件 (*.pdf)</source>
        <translation>PDF file (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../collector/ui/reports.py" line="446"/>
        <source>导出报表</source>
        <translation>Export the report</translation>
    </message>
    <message>
        <location filename="../../collector/ui/reports.py" line="446"/>
        <source>报表</source>
        <translation>Reports</translation>
    </message>
    <message>
        <location filename="../../collector/ui/reports.py" line="465"/>
        <source>正在导出报表……</source>
        <translation>Exporting the report…</translation>
    </message>
    <message>
        <location filename="../../collector/ui/reports.py" line="471"/>
        <source>台账.xlsx</source>
        <translation>ledger.xlsx</translation>
    </message>
    <message>
        <location filename="../../collector/ui/reports.py" line="494"/>
        <source>正在导出台账……</source>
        <translation>Exporting the ledger…</translation>
    </message>
    <message>
        <location filename="../../collector/ui/reports.py" line="498"/>
        <source>已保存到 {file}</source>
        <translation>Saved to {file}</translation>
    </message>
    <message>
        <location filename="../../collector/ui/reports.py" line="505"/>
        <source>台账 (*.xlsx *.xls *.csv)</source>
        <translation>Ledger (*.xlsx *.xls *.csv)</translation>
    </message>
    <message>
        <location filename="../../collector/ui/reports.py" line="523"/>
        <source>正在检查台账……</source>
        <translation>Checking the ledger…</translation>
    </message>
    <message>
        <location filename="../../collector/ui/reports.py" line="541"/>
        <source>没有导入任何记录</source>
        <translation>No record was imported</translation>
    </message>
    <message>
        <location filename="../../collector/ui/reports.py" line="558"/>
        <source>正在导入……</source>
        <translation>Importing…</translation>
    </message>
    <message>
        <location filename="../../collector/ui/reports.py" line="564"/>
        <source>已导入 {saved} 条；已存在未导入 {existing} 条；有问题未导入 {invalid} 条。</source>
        <translation>Imported {saved}; left out {existing} that exist already and {invalid} with problems. </translation>
    </message>
    <message>
        <location filename="../../collector/ui/reports.py" line="582"/>
        <source>正在匹配……</source>
        <translation>Matching…</translation>
    </message>
    <message>
        <location filename="../../collector/ui/reports.py" line="590"/>
        <source>找到 {count} 个候选匹配</source>
        <translation>{count} candidate matches found</translation>
    </message>
    <message>
        <location filename="../../collector/ui/reports.py" line="598"/>
        <source>匹配.xlsx</source>
        <translation>matches.xlsx</translation>
    </message>
    <message>
        <location filename="../../collector/ui/reports.py" line="604"/>
        <source>岗位匹配</source>
        <translation>Job matches</translation>
    </message>
    <message>
        <location filename="../../collector/ui/reports.py" line="613"/>
        <source>正在导出……</source>
        <translation>Exporting…</translation>
    </message>
    <message>
        <location filename="../../collector/ui/reports.py" line="636"/>
        <source>正在取消……</source>
        <translation>Cancelling…</translation>
    </message>
    <message>
        <location filename="../../collector/ui/reports.py" line="641"/>
        <source>已取消，没有写入任何内容</source>
        <translation>Cancelled; nothing was written</translation>
    </message>
</context>
<context>
    <name>ReviewPage</name>
    <message>
        <location filename="../../collector/ui/review.py" line="75"/>
        <source>村（社区）</source>
        <translation>Village</translation>
    </message>
    <message>
        <location filename="../../collector/ui/review.py" line="76"/>
        <source>已调查</source>
        <translation>Surveyed</translation>
    </message>
    <message>
        <location filename="../../collector/ui/review.py" line="77"/>
        <source>待审核</source>
        <translation>To review</translation>
    </message>
    <message>
        <location filename="../../collector/ui/review.py" line="78"/>
        <source>已通过</source>
        <translation>Approved</translation>
    </message>
    <message>
        <location filename="../../collector/ui/review.py" line="79"/>
        <source>已退回</source>
        <translation>Returned</translation>
    </message>
    <message>
        <location filename="../../collector/ui/review.py" line="81"/>
        <source>本轮已更新</source>
        <translation>Updated this round</translation>
    </message>
    <message>
        <location filename="../../collector/ui/review.py" line="114"/>
        <source>只看有问题或身份证号重复的</source>
        <translation>Problems or duplicates only</translation>
    </message>
    <message>
        <location filename="../../collector/ui/review.py" line="117"/>
        <source>审核通过</source>
        <translation>Approve</translation>
    </message>
    <message>
        <location filename="../../collector/ui/review.py" line="129"/>
        <source>退回原因（必填）</source>
        <translation>Reason for returning (required)</translation>
    </message>
    <message>
        <location filename="../../collector/ui/review.py" line="130"/>
        <source>可从常用原因中选（F4），也可直接填写</source>
        <translation>Pick a ready-made reason (F4) or type one</translation>
    </message>
    <message>
        <location filename="../../collector/ui/review.py" line="133"/>
        <source>退回村里修改</source>
        <translation>Return to the village</translation>
    </message>
    <message>
        <location filename="../../collector/ui/review.py" line="148"/>
        <source>各村进度</source>
        <translation>Progress by village</translation>
    </message>
    <message>
        <location filename="../../collector/ui/review.py" line="152"/>
        <source>待审核的记录（可按住 Ctrl 或 Shift 多选）</source>
        <translation>Records to review (Ctrl or Shift selects several)</translation>
    </message>
    <message>
        <location filename="../../collector/ui/review.py" line="159"/>
        <source>记录内容与修改历史</source>
        <translation>Record and its history</translation>
    </message>
    <message>
        <location filename="../../collector/ui/review.py" line="243"/>
        <source>已选 {0} 条记录</source>
        <translation>{0} records selected</translation>
    </message>
    <message>
        <location filename="../../collector/ui/review.py" line="249"/>
        <source>修改历史</source>
        <translation>History</translation>
    </message>
    <message>
        <location filename="../../collector/ui/review.py" line="249"/>
        <source>填写的内容</source>
        <translation>Answers</translation>
    </message>
    <message>
        <location filename="../../collector/ui/review.py" line="274"/>
        <source>（原因：{0}）</source>
        <translation> (reason: {0})</translation>
    </message>
    <message>
        <location filename="../../collector/ui/review.py" line="276"/>
        <source>{0}：{1} → {2}</source>
        <translation>{0}: {1} → {2}</translation>
    </message>
    <message>
        <location filename="../../collector/ui/review.py" line="279"/>
        <source>新建，填写了 {0} 项</source>
        <translation>Created with {0} answers</translation>
    </message>
    <message>
        <location filename="../../collector/ui/review.py" line="313"/>
        <source>请先填写或选择退回原因，再按回车</source>
        <translation>Type or pick a reason for returning first, then press Enter</translation>
    </message>
    <message>
        <location filename="../../collector/ui/review.py" line="319"/>
        <source>把选中的 {0} 条记录设为“{1}”？</source>
        <translation>Set the {0} selected records to &quot;{1}&quot;?</translation>
    </message>
    <message>
        <location filename="../../collector/ui/review.py" line="322"/>
        <source>确认</source>
        <translation>Confirm</translation>
    </message>
    <message>
        <location filename="../../collector/ui/review.py" line="362"/>
        <source>{0} 条记录：{1}</source>
        <translation>{0} records: {1}</translation>
    </message>
    <message>
        <location filename="../../collector/ui/review.py" line="383"/>
        <source>身份证号与户口簿不符</source>
        <translation>The ID number differs from the household register</translation>
    </message>
    <message>
        <location filename="../../collector/ui/review.py" line="384"/>
        <source>联系电话不对，请核实</source>
        <translation>The phone number is wrong; please check it</translation>
    </message>
    <message>
        <location filename="../../collector/ui/review.py" line="385"/>
        <source>务工地点填写不清楚</source>
        <translation>The work place is unclear</translation>
    </message>
    <message>
        <location filename="../../collector/ui/review.py" line="386"/>
        <source>姓名有错别字</source>
        <translation>The name is misspelt</translation>
    </message>
    <message>
        <location filename="../../collector/ui/review.py" line="387"/>
        <source>与其他记录重复，请核实是否同一人</source>
        <translation>Another record looks like the same person; please check</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <location filename="../../collector/ui/settings.py" line="52"/>
        <source> 分钟</source>
        <translation> minutes</translation>
    </message>
    <message>
        <location filename="../../collector/ui/settings.py" line="56"/>
        <source>选择…</source>
        <translation>Choose…</translation>
    </message>
    <message>
        <location filename="../../collector/ui/settings.py" line="58"/>
        <source>保存设置</source>
        <translation>Save settings</translation>
    </message>
    <message>
        <location filename="../../collector/ui/settings.py" line="64"/>
        <location filename="../../collector/ui/settings.py" line="84"/>
        <source>修改密码</source>
        <translation>Change password</translation>
    </message>
    <message>
        <location filename="../../collector/ui/settings.py" line="72"/>
        <source>常规</source>
        <translation>General</translation>
    </message>
    <message>
        <location filename="../../collector/ui/settings.py" line="74"/>
        <source>界面语言</source>
        <translation>Language</translation>
    </message>
    <message>
        <location filename="../../collector/ui/settings.py" line="75"/>
        <source>无操作自动锁定</source>
        <translation>Lock when idle for</translation>
    </message>
    <message>
        <location filename="../../collector/ui/settings.py" line="79"/>
        <source>县服务器地址</source>
        <translation>County server</translation>
    </message>
    <message>
        <location filename="../../collector/ui/settings.py" line="80"/>
        <source>CA 证书文件</source>
        <translation>CA bundle</translation>
    </message>
    <message>
        <location filename="../../collector/ui/settings.py" line="81"/>
        <source>常用退回原因（每行一条）</source>
        <translation>Ready-made return reasons (one a line)</translation>
    </message>
    <message>
        <location filename="../../collector/ui/settings.py" line="86"/>
        <source>原密码</source>
        <translation>Current password</translation>
    </message>
    <message>
        <location filename="../../collector/ui/settings.py" line="87"/>
        <source>新密码</source>
        <translation>New password</translation>
    </message>
    <message>
        <location filename="../../collector/ui/settings.py" line="88"/>
        <source>再输一次新密码</source>
        <translation>New password again</translation>
    </message>
    <message>
        <location filename="../../collector/ui/settings.py" line="151"/>
        <source>选择 CA 证书文件</source>
        <translation>Choose the CA bundle</translation>
    </message>
    <message>
        <location filename="../../collector/ui/settings.py" line="153"/>
        <source>证书 (*.pem *.crt);;所有文件 (*)</source>
        <translation>Certificates (*.pem *.crt);;All files (*)</translation>
    </message>
    <message>
        <location filename="../../collector/ui/settings.py" line="118"/>
        <source>已保存</source>
        <translation>Saved</translation>
    </message>
    <message>
        <location filename="../../collector/ui/settings.py" line="134"/>
        <source>密码已修改，下次解锁请用新密码</source>
        <translation>Password changed; unlock with the new one from now on</translation>
    </message>
</context>
<context>
    <name>SetupWizard</name>
    <message>
        <location filename="../../collector/ui/wizard.py" line="121"/>
        <source>第一次使用</source>
        <translation>First use</translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <location filename="../../collector/ui/keys.py" line="65"/>
        <source>记录</source>
        <translation>Records</translation>
    </message>
    <message>
        <location filename="../../collector/ui/keys.py" line="65"/>
        <source>录入</source>
        <translation>Entry</translation>
    </message>
    <message>
        <location filename="../../collector/ui/keys.py" line="65"/>
        <source>审核</source>
        <translation>Review</translation>
    </message>
    <message>
        <location filename="../../collector/ui/keys.py" line="67"/>
        <source>新建记录</source>
        <translation>New record</translation>
    </message>
    <message>
        <location filename="../../collector/ui/keys.py" line="68"/>
        <source>搜索记录（姓名、拼音首字母、身份证号、电话）</source>
        <translation>Search records (name, pinyin initials, ID number, phone)</translation>
    </message>
    <message>
        <location filename="../../collector/ui/keys.py" line="69"/>
        <source>打开选中的记录</source>
        <translation>Open the selected record</translation>
    </message>
    <message>
        <location filename="../../collector/ui/keys.py" line="72"/>
        <source>删除选中的草稿（从未同步的）</source>
        <translation>Delete the selected draft (one never synced)</translation>
    </message>
    <message>
        <location filename="../../collector/ui/keys.py" line="70"/>
        <source>下一项</source>
        <translation>Next question</translation>
    </message>
    <message>
        <location filename="../../collector/ui/keys.py" line="73"/>
        <source>代码或拼音首字母</source>
        <translation>Code or pinyin initials</translation>
    </message>
    <message>
        <location filename="../../collector/ui/keys.py" line="74"/>
        <source>选择选项，如“1”外出务工、“hz”汉族、“cz”初中</source>
        <translation>Pick a choice, e.g. &quot;1&quot; 外出务工, &quot;hz&quot; 汉族, &quot;cz&quot; 初中</translation>
    </message>
    <message>
        <location filename="../../collector/ui/keys.py" line="76"/>
        <source>打开选项列表</source>
        <translation>Open the list of choices</translation>
    </message>
    <message>
        <location filename="../../collector/ui/keys.py" line="77"/>
        <source>方向键、空格</source>
        <translation>Arrows, Space</translation>
    </message>
    <message>
        <location filename="../../collector/ui/keys.py" line="77"/>
        <source>多选题：在选项间移动、勾选</source>
        <translation>Tick boxes: move between them, tick</translation>
    </message>
    <message>
        <location filename="../../collector/ui/keys.py" line="78"/>
        <source>保存草稿</source>
        <translation>Save draft</translation>
    </message>
    <message>
        <location filename="../../collector/ui/keys.py" line="79"/>
        <source>提交并录入下一条（同户的地址、调查人、日期带到下一条）</source>
        <translation>Submit and next (the household&apos;s village, surveyor and date carry over)</translation>
    </message>
    <message>
        <location filename="../../collector/ui/keys.py" line="80"/>
        <source>检查并提交</source>
        <translation>Check and submit</translation>
    </message>
    <message>
        <location filename="../../collector/ui/keys.py" line="81"/>
        <source>返回列表</source>
        <translation>Back to the list</translation>
    </message>
    <message>
        <location filename="../../collector/ui/keys.py" line="82"/>
        <source>上一条、下一条记录</source>
        <translation>Previous, next record</translation>
    </message>
    <message>
        <location filename="../../collector/ui/keys.py" line="83"/>
        <source>全选（再按审核通过，确认条数后一起通过）</source>
        <translation>Select all (then approve: all at once after confirming the count)</translation>
    </message>
    <message>
        <location filename="../../collector/ui/keys.py" line="84"/>
        <source>审核通过并看下一条</source>
        <translation>Approve and show the next</translation>
    </message>
    <message>
        <location filename="../../collector/ui/keys.py" line="85"/>
        <source>退回并看下一条（先选或填写退回原因）</source>
        <translation>Return and show the next (pick or type the reason first)</translation>
    </message>
    <message>
        <location filename="../../collector/ui/keys.py" line="86"/>
        <location filename="../../collector/ui/keys.py" line="91"/>
        <source>快捷键</source>
        <translation>Keyboard shortcuts</translation>
    </message>
    <message>
        <location filename="../../collector/ui/keys.py" line="86"/>
        <source>全部</source>
        <translation>Everywhere</translation>
    </message>
    <message>
        <location filename="../../collector/ui/keys.py" line="94"/>
        <source>页面</source>
        <translation>Page</translation>
    </message>
    <message>
        <location filename="../../collector/ui/keys.py" line="94"/>
        <source>按键</source>
        <translation>Keys</translation>
    </message>
    <message>
        <location filename="../../collector/ui/keys.py" line="94"/>
        <source>作用</source>
        <translation>Does</translation>
    </message>
</context>
<context>
    <name>SyncController</name>
    <message>
        <location filename="../../collector/ui/sync.py" line="164"/>
        <source>还没有登录县服务器：请填写服务器地址，用县里发的账号登录</source>
        <translation>Not logged in to the county server yet: fill in its address and log in with the account the county gave you</translation>
    </message>
    <message>
        <location filename="../../collector/ui/sync.py" line="180"/>
        <source>正在同步…</source>
        <translation>Syncing…</translation>
    </message>
    <message>
        <location filename="../../collector/ui/sync.py" line="187"/>
        <source>正在取消…</source>
        <translation>Cancelling…</translation>
    </message>
    <message>
        <location filename="../../collector/ui/sync.py" line="211"/>
        <source>同步完成：</source>
        <translation>Sync done: </translation>
    </message>
    <message>
        <location filename="../../collector/ui/sync.py" line="214"/>
        <source>有记录在本机和服务器上改了同一项：请到“冲突”页选择保留哪个值</source>
        <translation>A record had the same item changed here and on the server: choose the value to keep on the Conflicts page</translation>
    </message>
    <message>
        <location filename="../../collector/ui/sync.py" line="253"/>
        <source>正在登录…</source>
        <translation>Logging in…</translation>
    </message>
</context>
<context>
    <name>SyncIndicator</name>
    <message>
        <location filename="../../collector/ui/sync.py" line="321"/>
        <source>未上传 {0} 条</source>
        <translation>{0} unsent</translation>
    </message>
    <message>
        <location filename="../../collector/ui/sync.py" line="322"/>
        <source>上次同步 {0}</source>
        <translation>last sync {0}</translation>
    </message>
    <message>
        <location filename="../../collector/ui/sync.py" line="322"/>
        <source>从未同步</source>
        <translation>never synced</translation>
    </message>
    <message>
        <location filename="../../collector/ui/sync.py" line="327"/>
        <source>冲突 {0} 条</source>
        <translation>Conflicts: {0}</translation>
    </message>
    <message>
        <location filename="../../collector/ui/sync.py" line="333"/>
        <source>取消同步</source>
        <translation>Cancel sync</translation>
    </message>
    <message>
        <location filename="../../collector/ui/sync.py" line="333"/>
        <source>立即同步</source>
        <translation>Sync now</translation>
    </message>
</context>
<context>
    <name>SyncPage</name>
    <message>
        <location filename="../../collector/ui/sync.py" line="348"/>
        <source>未设置服务器</source>
        <translation>No server set up</translation>
    </message>
    <message>
        <location filename="../../collector/ui/sync.py" line="350"/>
        <source>正在同步</source>
        <translation>Syncing</translation>
    </message>
    <message>
        <location filename="../../collector/ui/sync.py" line="352"/>
        <source>正在连接…</source>
        <translation>Connecting…</translation>
    </message>
    <message>
        <location filename="../../collector/ui/sync.py" line="354"/>
        <source>在线</source>
        <translation>Online</translation>
    </message>
    <message>
        <location filename="../../collector/ui/sync.py" line="355"/>
        <source>离线</source>
        <translation>Offline</translation>
    </message>
    <message>
        <location filename="../../collector/ui/sync.py" line="370"/>
        <source>与县服务器同步</source>
        <translation>Sync with the county server</translation>
    </message>
    <message>
        <location filename="../../collector/ui/sync.py" line="377"/>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../collector/ui/sync.py" line="379"/>
        <source>县服务器</source>
        <translation>County server</translation>
    </message>
    <message>
        <location filename="../../collector/ui/sync.py" line="380"/>
        <source>连接</source>
        <translation>Connection</translation>
    </message>
    <message>
        <location filename="../../collector/ui/sync.py" line="381"/>
        <source>未上传的修改</source>
        <translation>Unsent changes</translation>
    </message>
    <message>
        <location filename="../../collector/ui/sync.py" line="382"/>
        <source>上次同步</source>
        <translation>Last sync</translation>
    </message>
    <message>
        <location filename="../../collector/ui/sync.py" line="384"/>
        <source>待处理的冲突</source>
        <translation>Conflicts to settle</translation>
    </message>
    <message>
        <location filename="../../collector/ui/sync.py" line="385"/>
        <source>立即同步</source>
        <translation>Sync now</translation>
    </message>
    <message>
        <location filename="../../collector/ui/sync.py" line="387"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../collector/ui/sync.py" line="401"/>
        <source>记录都保存在本机。连上县服务器时会自动上传未上传的修改，并下载乡镇和县里的审核结果；断网时照常录入即可。</source>
        <translation>Records are kept on this laptop. When the county server can be reached, unsent changes go up by themselves and the township&apos;s and county&apos;s reviews come down; without network, just go on entering.</translation>
    </message>
    <message>
        <location filename="../../collector/ui/sync.py" line="422"/>
        <source>登录县服务器</source>
        <translation>Log in to the county server</translation>
    </message>
    <message>
        <location filename="../../collector/ui/sync.py" line="426"/>
        <source>县里提供时填写，否则留空</source>
        <translation>Only if the county gave you one</translation>
    </message>
    <message>
        <location filename="../../collector/ui/sync.py" line="430"/>
        <source>登录并同步</source>
        <translation>Log in and sync</translation>
    </message>
    <message>
        <location filename="../../collector/ui/sync.py" line="433"/>
        <source>服务器地址</source>
        <translation>Server address</translation>
    </message>
    <message>
        <location filename="../../collector/ui/sync.py" line="434"/>
        <source>CA 证书文件</source>
        <translation>CA certificate file</translation>
    </message>
    <message>
        <location filename="../../collector/ui/sync.py" line="435"/>
        <source>账号</source>
        <translation>Account</translation>
    </message>
    <message>
        <location filename="../../collector/ui/sync.py" line="436"/>
        <source>密码</source>
        <translation>Password</translation>
    </message>
    <message>
        <location filename="../../collector/ui/sync.py" line="446"/>
        <source>未设置（请在下方登录）</source>
        <translation>Not set up (log in below)</translation>
    </message>
    <message>
        <location filename="../../collector/ui/sync.py" line="451"/>
        <location filename="../../collector/ui/sync.py" line="454"/>
        <source>{0} 条</source>
        <translation>{0}</translation>
    </message>
    <message>
        <location filename="../../collector/ui/sync.py" line="452"/>
        <source>从未同步</source>
        <translation>never synced</translation>
    </message>
    <message>
        <location filename="../../collector/ui/sync.py" line="462"/>
        <source>正在连接县服务器…</source>
        <translation>Connecting to the county server…</translation>
    </message>
    <message>
        <location filename="../../collector/ui/sync.py" line="475"/>
        <source>正在上传：{0} / {1} 条</source>
        <translation>Uploading: {0} / {1}</translation>
    </message>
    <message>
        <location filename="../../collector/ui/sync.py" line="477"/>
        <source>正在下载：已收到 {0} 条</source>
        <translation>Downloading: {0} received</translation>
    </message>
</context>
<context>
    <name>UnlockPage</name>
    <message>
        <location filename="../../collector/ui/unlock.py" line="24"/>
        <source>外出劳动力资源信息采集</source>
        <translation>Out-migrant labour survey</translation>
    </message>
    <message>
        <location filename="../../collector/ui/unlock.py" line="26"/>
        <source>请输入密码解锁数据</source>
        <translation>Enter the password to unlock the data</translation>
    </message>
    <message>
        <location filename="../../collector/ui/unlock.py" line="29"/>
        <source>密码</source>
        <translation>Password</translation>
    </message>
    <message>
        <location filename="../../collector/ui/unlock.py" line="32"/>
        <source>解锁</source>
        <translation>Unlock</translation>
    </message>
    <message>
        <location filename="../../collector/ui/unlock.py" line="57"/>
        <source>正在解锁…</source>
        <translation>Unlocking…</translation>
    </message>
</context>
</TS>
