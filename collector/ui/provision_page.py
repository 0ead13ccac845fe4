"""The first-run wizard's way without a network: import the provisioning file county IT
made with `collector-server provision` (read by collector/provisioning.py, applied by
collector/storage/provision.py), then set the local password. The file gives the account,
role, division, forms, the county's divisions and the server with its CA certificate; the
password that encrypts the store is the user's."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from collector.messages import render
from collector.provisioning import Provision, ProvisionError, read_provision
from collector.storage.provision import apply_provision
from collector.ui.session import Session
from collector.ui.store_page import StorePage


class ProvisionPage(StorePage):
    def __init__(self, session: Session, parent: QWidget | None = None):
        super().__init__(session, parent)
        self.provision: Provision | None = None
        self.setTitle(self.tr("导入配置文件"))
        self.setSubTitle(self.tr("选择县里技术人员提供的配置文件，再为本机数据设置密码"))
        self.path = QLineEdit()
        self.path.setReadOnly(True)
        choose = QPushButton(self.tr("选择文件…"))
        choose.clicked.connect(self._choose)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(choose)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        form = QFormLayout(self)
        form.addRow(self.tr("配置文件"), row)
        form.addRow("", self.summary)
        form.addRow(self.tr("设置密码（至少 8 位）"), self.password)
        form.addRow(self.tr("再输一次密码"), self.repeat)
        form.addRow("", self.message)

    def _choose(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(
            self, self.tr("选择配置文件"), "", self.tr("配置文件 (*.json);;所有文件 (*)")
        )
        if chosen:
            self.load(Path(chosen))

    def load(self, path: Path) -> None:
        self.path.setText(str(path))
        self.provision = None
        self.summary.clear()
        try:
            self.provision = read_provision(path)
        except ProvisionError as err:
            self.say(render(err.code, err.params))
        except OSError as err:
            self.say(render("cli.data_unreadable", {"detail": str(err)}))
        else:
            self.message.clear()
            self.summary.setText(self._describe(self.provision))
        self.completeChanged.emit()

    def _describe(self, provision: Provision) -> str:
        names = {row["code"]: row["name"] for row in provision.divisions}
        lines = [
            self.tr("账号：%1（%2）")
            .replace("%1", provision.account)
            .replace("%2", render("role." + provision.role)),
            self.tr("所在：%1").replace("%1", names.get(provision.division, provision.division)),
            self.tr("县服务器：%1").replace("%1", provision.server or self.tr("（未设置）")),
            self.tr("表单 %1 个，行政区划 %2 个")
            .replace("%1", str(len(provision.forms)))
            .replace("%2", str(len(provision.divisions))),
        ]
        return "\n".join(lines)

    def isComplete(self) -> bool:
        return self.provision is not None

    def validatePage(self) -> bool:
        if self.store is not None:
            return True
        problem = self.password_problem()
        if problem:
            self.say(problem)
            return False
        provision, data_dir, password = self.provision, self.session.data_dir, self.password.text()
        self.make_store(
            lambda: apply_provision(provision, data_dir, password),
            self.tr("正在建立加密数据…"),
        )
        return False
