"""The first-run wizard: how this laptop gets its store.

Three ways, chosen on the first page: log in to the county server once (`OnlinePage`,
in `collector/ui/online.py`), import the provisioning file county IT made
(`ProvisionPage`, with the packaging work), or start offline with a local store and a
password (`LocalPage`). Each way ends by emitting `created` with the opened Store.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from collector.storage.settings import USER_DIVISION, USER_NAME, USER_ROLE
from collector.storage.store import STORE_FILE, Store
from collector.ui.online import OnlinePage
from collector.ui.provision_page import ProvisionPage
from collector.ui.session import Session
from collector.ui.store_page import StorePage
from collector.workflow import Role

INTRO, ONLINE, PROVISION, LOCAL = range(4)


class IntroPage(QWizardPage):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setTitle(self.tr("欢迎使用外出劳动力资源信息采集"))
        self.setSubTitle(self.tr("第一次使用，请选择怎样开始"))
        self.choices = QButtonGroup(self)
        box = QVBoxLayout(self)
        options = (
            (ONLINE, self.tr("联网登录县服务器（用县里发的账号）")),
            (PROVISION, self.tr("导入县里提供的配置文件（没有网络时）")),
            (LOCAL, self.tr("先在本机建立数据，以后再连接县服务器")),
        )
        for page, text in options:
            button = QRadioButton(text)
            self.choices.addButton(button, page)
            box.addWidget(button)
        self.choices.button(LOCAL).setChecked(True)
        box.addStretch(1)

    def nextId(self) -> int:
        return self.choices.checkedId()


class LocalPage(StorePage):
    def __init__(self, session: Session, parent: QWidget | None = None):
        super().__init__(session, parent)
        self.setTitle(self.tr("在本机建立数据"))
        self.setSubTitle(self.tr("数据加密保存在本机；请记住密码，忘记时需县里用恢复密钥找回"))
        self.folder = QLabel(str(session.data_dir))
        self.name = QLineEdit()
        self.role = QComboBox()
        self.role.addItem(self.tr("村干部（录入）"), Role.VILLAGE.value)
        self.role.addItem(self.tr("乡镇工作人员（审核）"), Role.TOWNSHIP.value)
        self.division = QComboBox()
        self.role.currentIndexChanged.connect(self._fill_divisions)
        self._fill_divisions()
        form = QFormLayout(self)
        form.addRow(self.tr("数据文件夹"), self.folder)
        form.addRow(self.tr("您的姓名"), self.name)
        form.addRow(self.tr("身份"), self.role)
        form.addRow(self.tr("所在村或乡镇"), self.division)
        form.addRow(self.tr("设置密码（至少 8 位）"), self.password)
        form.addRow(self.tr("再输一次密码"), self.repeat)
        form.addRow("", self.message)

    def _fill_divisions(self) -> None:
        level = "village" if self.role.currentData() == Role.VILLAGE.value else "township"
        self.division.clear()
        for code, name in self.session.divisions_of_level(level):
            self.division.addItem(name, code)

    def validatePage(self) -> bool:
        if self.store is not None:
            return True
        name = self.name.text().strip()
        problem = self.password_problem()
        if not name:
            problem = self.tr("请填写您的姓名")
        if problem:
            self.say(problem)
            return False
        data_dir, password = self.session.data_dir, self.password.text()
        settings = {
            USER_NAME: name,
            USER_ROLE: self.role.currentData(),
            USER_DIVISION: self.division.currentData() or "",
        }

        def work() -> Store:
            store = Store.create(data_dir, password)
            for key, value in settings.items():
                store.set_setting(key, value)
            return store

        self.make_store(work, self.tr("正在建立加密数据…"))
        return False


class SetupWizard(QWizard):
    created = Signal(object)

    def __init__(self, session: Session, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("第一次使用"))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, False)
        self.resize(720, 520)
        self.local = LocalPage(session)
        self.local.created.connect(self.created)
        self.setPage(INTRO, IntroPage())
        self.online = OnlinePage(session)
        self.online.created.connect(self.created)
        self.setPage(ONLINE, self.online)
        self.provision = ProvisionPage(session)
        self.provision.created.connect(self.created)
        self.setPage(PROVISION, self.provision)
        self.setPage(LOCAL, self.local)
        self.setStartId(INTRO)


def needs_setup(data_dir: Path) -> bool:
    return not (Path(data_dir) / STORE_FILE).exists()
