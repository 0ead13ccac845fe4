"""The first-run wizard's online way: log in to the county server once, fetch the forms it
publishes, and make the local store with its own password. The main window's sync then
downloads the records this account may see (`collector.ui.sync`)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QWidget,
)

from collector.forms import form_from_definition
from collector.storage.settings import CA_BUNDLE, SERVER_URL, USER_DIVISION, USER_NAME, USER_ROLE
from collector.storage.store import Store
from collector.sync.client import ACCOUNT, TOKEN, Connection
from collector.ui.session import Session
from collector.ui.settings import AddressCheck, choose_ca_bundle
from collector.ui.store_page import StorePage, hidden_field


def set_up_online(
    data_dir, password: str, url: str, ca: str, account: str, server_password: str
) -> Store:
    """Log in, fetch the published forms, make the store and keep who this is in it.
    Nothing is written before the server said yes: a wrong password leaves no store."""
    connection = Connection(url, ca_bundle=ca or None)
    answer = connection.login(account, server_password)
    # The form list has no method of its own on the client (yet); the same call it makes.
    published = connection.forms()
    definitions = [connection.form_definition(f["form_id"], f["version"]) for f in published]
    store = Store.create(data_dir, password)
    for definition in definitions:
        store.keep_form(form_from_definition(definition))
    for key, value in (
        (USER_NAME, account),
        (USER_ROLE, answer["role"]),
        (USER_DIVISION, answer["division"]),
        (SERVER_URL, url),
        (CA_BUNDLE, ca),
        (TOKEN, answer["access_token"]),
        (ACCOUNT, account),
    ):
        store.set_setting(key, value)
    return store


class OnlinePage(StorePage):
    def __init__(self, session: Session, parent: QWidget | None = None):
        super().__init__(session, parent)
        self.setTitle(self.tr("联网登录县服务器"))
        self.setSubTitle(self.tr("用县里发的账号登录一次；以后没有网络也能录入，联网时自动同步"))
        self.server = QLineEdit()
        self.server.setPlaceholderText("https://rsj.example.gov.cn")
        self.address = AddressCheck(self.server)
        self.ca_bundle = QLineEdit()
        self.ca_bundle.setPlaceholderText(self.tr("县里提供时选择，否则留空"))
        browse = QPushButton(self.tr("选择…"))
        browse.clicked.connect(lambda: choose_ca_bundle(self, self.ca_bundle))
        ca_row = QHBoxLayout()
        ca_row.addWidget(self.ca_bundle, 1)
        ca_row.addWidget(browse)
        self.account = QLineEdit()
        self.server_password = hidden_field()
        form = QFormLayout(self)
        form.addRow(self.tr("县服务器地址"), self.server)
        form.addRow("", self.address.note)
        form.addRow(self.tr("CA 证书文件"), ca_row)
        form.addRow(self.tr("账号"), self.account)
        form.addRow(self.tr("账号密码"), self.server_password)
        form.addRow(self.tr("设置本机密码（至少 8 位）"), self.password)
        form.addRow(self.tr("再输一次本机密码"), self.repeat)
        form.addRow("", self.message)

    def validatePage(self) -> bool:
        if self.store is not None:
            return True
        url, account = self.server.text().strip(), self.account.text().strip()
        problem = self.password_problem()
        if not url or not account or not self.server_password.text():
            problem = self.tr("请填写县服务器地址、账号和账号密码")
        if problem:
            self.say(problem)
            return False
        if not self.address.usable():
            self.say(self.address.note.text())
            return False
        given = (
            self.session.data_dir,
            self.password.text(),
            url,
            self.ca_bundle.text().strip(),
            account,
            self.server_password.text(),
        )
        self.make_store(lambda: set_up_online(*given), self.tr("正在登录县服务器并下载表单…"))
        return False
