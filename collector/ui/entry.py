"""Form entry, generated from the form definition.

Every change asks the core (`validation.live.look`) what the record looks like now: which
questions the skip logic shows (hidden ones are cleared, as ODK clears them), what the ID
number gives for sex, birth date and age, and what is wrong; messages appear beside a
question once the cadre has touched it, and beside all of them after "提交". Drafts are
saved a moment after typing stops and when the screen is left or the window closed, so a
crash loses at most the last second. A single save is a few milliseconds of SQLCipher
work, done on the UI thread so that saves keep their order and a closing window can
still make one.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from collector.changes import shown
from collector.forms.keys import FormKeys
from collector.forms.model import Field, FieldType, pick_text
from collector.forms.roles import Role as FieldRole
from collector.forms.roles import roles_of
from collector.messages import render
from collector.storage import replica
from collector.storage.ui_queries import due_in_round, records_with_id_number
from collector.ui import keys, style
from collector.ui.editors import ChoiceEditor, Editor, MessageLine, choice_items, editor_for
from collector.ui.record_list import status_text
from collector.ui.session import Session
from collector.ui.workers import describe_error, run_task
from collector.validation.domain import known_region
from collector.validation.live import Look, allowed_choices, defaults, look
from collector.workflow import Role, Status, WorkflowError, check_edit, check_move

AUTOSAVE_MS = 1000
"""Fields of the survey form that a new record takes from its user, when a form has them."""
VILLAGE_CODE, TOWNSHIP_CODE = 12, 9
"""Lengths of division codes: a village's starts with its township's."""
WARM_UP_REGION = "110105"
LABEL_WIDTH = 220
REQUIRED_MARK = " <span style='color:#b00020'>*</span>"
ALWAYS_REQUIRED = "true()"
"""Only such a question gets the red star: one required by a condition may not be."""
ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
SCROLL_MARGIN = 80


@dataclass
class Row:
    field: Field
    widget: QWidget
    editor: Editor
    message: MessageLine
    unlock: QToolButton | None = None
    """For a protected question (the account's township and village): a deliberate click
    makes it editable."""

    @property
    def derived(self) -> bool:
        return self.field.read_only or self.field.type == FieldType.CALCULATE


class EntryPage(QWidget):
    saved = Signal(str)
    """A record id, after each save that changed something."""
    closed = Signal()
    submitted = Signal(str)
    """A record id, once the record is submitted (sync takes it to the township now)."""

    def __init__(self, session: Session, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.form = session.form
        self.record_id: str | None = None
        self.status = Status.DRAFT
        self.touched: set[str] = set()
        self.show_all = False
        self.dirty = False
        self.editable = True
        self.current: Look | None = None
        self._duplicate_of: tuple[str, list[str]] = ("", [])
        self.rows: dict[str, Row] = {}
        self.sections: dict[str, QGroupBox] = {}
        self.cascades = [f for f in self.form.walk() if f.is_select and f.choice_filter]
        self.prefilled: set[str] = set()
        self.protected: set[str] = set()
        self._completions: dict[QObject, QComboBox] = {}
        """The completion list of each searchable choice, to the choice."""
        self.autosave = QTimer(self, singleShot=True, interval=AUTOSAVE_MS)
        self.autosave.timeout.connect(self.save_draft)
        self._build()
        # The region table of ID numbers loads on first use (0.2-0.4 s): not at the
        # keystroke that completes the first number.
        run_task(
            lambda _task: known_region(WARM_UP_REGION),
            _ignore,
            _ignore,
            pool=QThreadPool.globalInstance(),
        )

    @property
    def keys(self):
        """Where the form keeps name, ID number and village, as the store reads them."""
        return self.session.store.keys_of(self.form)

    # --- building ---------------------------------------------------------------------

    def _build(self) -> None:
        self.heading = QLabel()
        self.heading.setStyleSheet("font-size: 14pt; font-weight: bold;")
        self.state = QLabel()
        self.returned = QLabel()
        self.returned.setStyleSheet(style.ERROR)
        self.returned.setWordWrap(True)
        self.server_note = QLabel()
        self.server_note.setStyleSheet(f"color: {style.WARNING_COLOR};")
        self.server_note.setWordWrap(True)
        body = QWidget()
        column = QVBoxLayout(body)
        self._add_fields(self.form.fields, column)
        column.addStretch(1)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setWidget(body)
        self.save_button = QPushButton(self.tr("保存草稿"))
        self.save_button.clicked.connect(self.save_draft)
        self.submit_button = QPushButton(self.tr("检查并提交"))
        self.submit_button.clicked.connect(self.submit)
        self.next_button = QPushButton(self.tr("提交并录入下一条"))
        self.next_button.clicked.connect(self.submit_and_next)
        self.back_button = QPushButton(self.tr("返回列表"))
        self.back_button.clicked.connect(self.leave)
        # The half-yearly refresh: a person still as recorded is confirmed in one action.
        self.confirm_button = QPushButton(self.tr("确认无变化"))
        self.confirm_button.clicked.connect(self.confirm_unchanged)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        # The summary has a line of its own: beside the buttons it pushed them off a
        # 1024-pixel screen.
        buttons = QHBoxLayout()
        buttons.addWidget(self.back_button)
        buttons.addStretch(1)
        buttons.addWidget(self.confirm_button)
        for button in (self.save_button, self.submit_button, self.next_button):
            buttons.addWidget(button)
        box = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.state)
        box.addLayout(top)
        box.addWidget(self.returned)
        box.addWidget(self.server_note)
        box.addWidget(self.scroll, 1)
        box.addWidget(self.summary)
        box.addLayout(buttons)
        keys.bind(self, keys.SAVE, self.save_draft, self.save_button)
        keys.bind(self, keys.NEXT, self.submit_and_next, self.next_button)
        keys.bind(self, keys.SUBMIT, self.submit, self.submit_button)
        keys.bind(self, keys.BACK, self.leave, self.back_button)

    def _add_fields(self, fields: list[Field], column: QVBoxLayout) -> None:
        for f in fields:
            if f.type == FieldType.GROUP:
                group = QGroupBox(pick_text(f.label) or f.name)
                group.setStyleSheet(style.SECTION)
                inner = QVBoxLayout(group)
                self._add_fields(f.children, inner)
                self.sections[f.key] = group
                column.addWidget(group)
            elif f.type == FieldType.NOTE:
                note = QLabel(pick_text(f.label))
                note.setWordWrap(True)
                column.addWidget(note)
            elif f.holds_answer and not f.is_container and _is_shown(f):
                row = self._row(f)
                self.rows[f.key] = row
                column.addWidget(row.widget)

    def _row(self, f: Field) -> Row:
        editor = editor_for(self.form, f)
        editor.changed.connect(lambda name=f.key: self._edited(name))
        for widget in editor.key_widgets:
            widget.installEventFilter(self)
        if isinstance(editor, ChoiceEditor) and editor.searchable:
            popup = editor.combo.completer().popup()
            popup.installEventFilter(self)
            self._completions[popup] = editor.combo
        star = REQUIRED_MARK if f.required == ALWAYS_REQUIRED else ""
        label = QLabel(html.escape(pick_text(f.label)) + star)
        label.setTextFormat(Qt.TextFormat.RichText)
        label.setWordWrap(True)
        label.setFixedWidth(LABEL_WIDTH)
        label.setBuddy(editor.focus_widget)
        right = QVBoxLayout()
        right.setSpacing(2)
        unlock = None
        if f.name in self._protectable():
            unlock = QToolButton()
            unlock.setText(self.tr("更改"))
            unlock.setToolTip(self.tr("这一项按账号所在的村预先填好；确需更改时点这里"))
            unlock.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
            unlock.clicked.connect(lambda _c=False, name=f.name: self._unprotect(name))
            line = QHBoxLayout()
            line.addWidget(editor.widget, 1)
            line.addWidget(unlock)
            right.addLayout(line)
        else:
            right.addWidget(editor.widget)
        hint_text = pick_text(f.hint)
        if hint_text:
            hint = QLabel(hint_text)
            hint.setWordWrap(True)
            hint.setStyleSheet(style.HINT)
            right.addWidget(hint)
        message = MessageLine()
        right.addWidget(message)
        widget = QWidget()
        line = QHBoxLayout(widget)
        line.setContentsMargins(0, 2, 0, 2)
        line.addWidget(label, 0, Qt.AlignmentFlag.AlignTop)
        line.addLayout(right, 1)
        return Row(f, widget, editor, message, unlock)

    def _protectable(self) -> set[str]:
        # Built before a store is open: the form alone says where they are kept.
        return {roles_of(self.form).key(FieldRole.TOWNSHIP), FormKeys.of(self.form).village}

    # --- opening ----------------------------------------------------------------------

    def new_record(self, carried: dict[str, Any] | None = None) -> None:
        """An empty record, with what the form carries over from the last one if given."""
        start = self._starting_answers() | (carried or {})
        # Carried answers alone are not a record worth keeping, as the prefilled are not.
        self.prefilled |= set(carried or {})
        self._load(None, Status.DRAFT, "", start)

    def _starting_answers(self) -> dict[str, Any]:
        """The form's defaults, and what the survey form can take from who is typing: the
        surveyor, and a village cadre's own village (with its township for the cascade)."""
        saved = self.form.compiled.last_saved_fields
        last = self.session.store.last_saved(self.form.id, self.session.user) if saved else None
        start = defaults(self.form, last_saved=last)
        self.prefilled = set(start)
        names = {f.key for f in self.form.walk()}
        roles = roles_of(self.form)
        township = roles.key(FieldRole.TOWNSHIP)
        own = {roles.key(FieldRole.SURVEYOR): self.session.user}
        if self.session.role == Role.VILLAGE and len(self.session.division) == VILLAGE_CODE:
            own |= {self.keys.village: self.session.division}
            own |= {township: self.session.division[:TOWNSHIP_CODE]}
        for name, value in own.items():
            if name in names and value:
                start.setdefault(name, value)
                self.prefilled.add(name)
        self.protected = self.prefilled & self._protectable() & set(own)
        return start

    def open_record(self, record_id: str) -> None:
        view = self.session.store.get(record_id)
        self.protected = set()
        self._load(record_id, Status(view.status), view.reason, view.data)

    def _load(self, record_id: str | None, status: Status, reason: str, data: dict) -> None:
        self.autosave.stop()
        self.record_id, self.status = record_id, status
        self.touched, self.show_all, self.dirty = set(), False, False
        self._duplicate_of = ("", [])
        self.current = None
        for widget in [*self.sections.values(), *(r.widget for r in self.rows.values())]:
            widget.setVisible(True)
        try:
            check_edit(self.session.role, status)
            self.editable = True
        except WorkflowError:
            self.editable = False
        for row in self.rows.values():
            row.editor.blockSignals(True)
            row.editor.clear()
        self._fill_cascades(data)
        for name, value in data.items():
            if name in self.rows and not self.rows[name].derived:
                self.rows[name].editor.set_value(value)
        for name, row in self.rows.items():
            row.editor.blockSignals(False)
            open_to_typing = self.editable and not row.derived and name not in self.protected
            row.editor.set_editable(open_to_typing)
            if row.unlock is not None:
                row.unlock.setVisible(self.editable and name in self.protected)
        name = data.get(self.keys.name, "")
        self.heading.setText(self.tr("新记录") if record_id is None else name)
        self.state.setText(status_text(status.value))
        self.returned.setVisible(status == Status.RETURNED)
        self.returned.setText(self.tr("乡镇退回：{0}").format(reason))
        note = replica.sync_note(self.session.store, record_id) if record_id else None
        self.server_note.setVisible(note is not None)
        if note is not None:
            self.server_note.setText(self.tr("县服务器：{0}").format(replica.note_text(note)))
        for button in (self.save_button, self.submit_button, self.next_button):
            button.setEnabled(self.editable)
        opened = replica.survey_round(self.session.store)
        self.confirm_button.setVisible(
            bool(record_id and opened)
            and due_in_round(self.session.store, record_id, opened["opened_at"])
        )
        current = self.refresh()
        self.scroll.verticalScrollBar().setValue(0)
        if self.editable:
            self._focus_first_open(current)
        else:
            self.back_button.setFocus()

    def _focus_first_open(self, current: Look) -> None:
        """Focus goes to the first question that still needs an answer (past what was
        filled in or carried over), else to the first one that can be typed in."""
        wanted = {p.field for p in current.problems}
        typable = [
            row
            for row in self.rows.values()
            if not row.derived
            and row.editor.focus_widget.isEnabled()
            and row.widget.isVisibleTo(self)
        ]
        fallback = typable[0] if typable else None
        first = next((r for r in typable if r.field.name in wanted), fallback)
        if first is not None:
            self.scroll.ensureWidgetVisible(first.widget, 0, SCROLL_MARGIN)
            first.editor.focus_widget.setFocus()

    def _unprotect(self, name: str) -> None:
        """Township and village open together: another township empties the village."""
        for opened in self.protected:
            row = self.rows[opened]
            row.editor.set_editable(self.editable)
            if row.unlock is not None:
                row.unlock.hide()
        self.protected = set()
        self.rows[name].editor.focus_widget.setFocus()

    def _fill_cascades(self, data: dict) -> None:
        for f in self.cascades:
            allowed = allowed_choices(self.form, f.key, data)
            if allowed is not None:
                labels = dict(choice_items(self.form, f))
                self.rows[f.key].editor.set_choices([(n, labels[n]) for n in allowed])

    # --- as the cadre types -----------------------------------------------------------

    def answers(self) -> dict[str, Any]:
        return {
            name: value
            for name, row in self.rows.items()
            if not row.derived and row.widget.isVisibleTo(self) and (value := row.editor.value())
        }

    def _edited(self, name: str) -> None:
        self.touched.add(name)
        self.dirty = True
        self.refresh()
        self.autosave.start()

    def refresh(self) -> Look:
        answers = self.answers() if self.current else self._all_answers()
        self._cascade(answers)
        current = self.current = look(self.form, answers)
        for name in current.irrelevant_answers:
            row = self.rows.get(name)
            if row is not None:
                row.editor.blockSignals(True)
                row.editor.clear()
                row.editor.blockSignals(False)
        for name, visible in current.relevant.items():
            target = self.sections.get(name) or (
                self.rows[name].widget if name in self.rows else None
            )
            if target is not None and target.isVisibleTo(self) != visible:
                target.setVisible(visible)
        for name, text in current.calculated.items():
            if name in self.rows:
                self.rows[name].editor.set_value(shown(self.form, name, text))
        self._show_problems(current)
        return current

    def _all_answers(self) -> dict[str, Any]:
        # Before the first look every row is visible: read them all.
        return {n: v for n, r in self.rows.items() if not r.derived and (v := r.editor.value())}

    def _cascade(self, answers: dict[str, Any]) -> None:
        """Cascading selects list what the answers they depend on allow; an answer the new
        list lacks (a village of the former township) is dropped."""
        for f in self.cascades:
            allowed = allowed_choices(self.form, f.key, answers)
            editor = self.rows[f.key].editor
            listed = [editor.combo.itemData(i) for i in range(1, editor.combo.count())]
            if allowed is None or listed == allowed:
                continue
            labels = dict(choice_items(self.form, f))
            editor.set_choices([(n, labels[n]) for n in allowed])
            if answers.get(f.key) and answers[f.key] not in allowed:
                answers.pop(f.key)

    def _show_problems(self, current: Look) -> None:
        by_field: dict[str, str] = {}
        for problem in current.problems:
            by_field.setdefault(problem.field, problem.message())
        duplicate = self._duplicate_warning(current, by_field)
        for name, row in self.rows.items():
            text = by_field.get(name, "") if (self.show_all or name in self.touched) else ""
            color = style.ERROR_COLOR
            if not text and name == self.keys.id_number and duplicate:
                text, color = duplicate, style.WARNING_COLOR
            if row.message.text() != text:
                row.message.set_message(text, color)
        count = len(current.problems)
        self.summary.setText(
            self.tr("还有 {0} 处需要填写或修改").format(count) if count else self.tr("全部填写正确")
        )

    def _duplicate_warning(self, current: Look, by_field: dict[str, str]) -> str:
        id_field = self.keys.id_number
        number = current.answers.get(id_field, "") if id_field else ""
        if not number or id_field in by_field or self.session.store is None:
            return ""
        if self._duplicate_of[0] != number:
            others = records_with_id_number(self.session.store, number, besides=self.record_id)
            self._duplicate_of = (number, others)
        others = self._duplicate_of[1]
        return render("ui.id_exists", {"count": len(others)}) if others else ""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusIn and isinstance(watched, QWidget):
            # The question with focus is in view with some of the next, however it got
            # there (Enter, Tab, a jump to a problem).
            self.scroll.ensureWidgetVisible(watched, 0, SCROLL_MARGIN)
        # Enter moves on like Tab, so that a form can be filled from the keyboard alone.
        if event.type() != QEvent.Type.KeyPress or event.key() not in ENTER_KEYS:
            return super().eventFilter(watched, event)
        combo = self._completions.get(watched)
        if combo is not None:
            # Enter in the list of completions takes the one chosen (or what is typed, as
            # a code or initials) and moves on, instead of only closing the list.
            current = watched.currentIndex()
            if current.isValid():
                combo.lineEdit().setText(current.data())
            watched.hide()
            combo.lineEdit().editingFinished.emit()
            combo.setFocus()
            self.focusNextChild()
            return True
        if isinstance(watched, QComboBox):
            if watched.view().isVisible():
                return super().eventFilter(watched, event)
            if watched.isEditable():
                watched.lineEdit().editingFinished.emit()
        self.focusNextChild()
        return True

    # --- saving -----------------------------------------------------------------------

    def save_draft(self) -> bool:
        """Save what is typed as it is (problems and all); False when there was nothing."""
        self.autosave.stop()
        if not self.editable or self.current is None or not self.dirty:
            return False
        data = self.refresh().answers
        if self.record_id is None and not _worth_keeping(data, self.prefilled):
            return False
        saved = self.session.store.save(
            self.form,
            data,
            author=self.session.user,
            role=self.session.role,
            record_id=self.record_id,
        )
        self.record_id, self.dirty = saved.record_id, False
        if saved.changed:
            self.saved.emit(saved.record_id)
        return True

    def submit(self) -> bool:
        if not self.editable:
            return False
        self.dirty = True
        self.save_draft()
        self.show_all = True
        current = self.refresh()
        if current.problems:
            self._go_to(current.problems[0].field)
            return False
        try:
            check_move(self.session.role, self.status, Status.SUBMITTED)
            self.session.store.move(
                self.record_id, Status.SUBMITTED, role=self.session.role, actor=self.session.user
            )
        except WorkflowError as err:
            self.summary.setText(describe_error(err))
            return False
        self.saved.emit(self.record_id)
        self.submitted.emit(self.record_id)
        self.open_record(self.record_id)
        self.summary.setText(self.tr("已提交，等待乡镇审核"))
        return True

    def submit_and_next(self) -> bool:
        """Submit, then a new record that starts with the household's answers the form
        marks to carry (address, village, surveyor, date)."""
        data = self.refresh().answers if self.current else {}
        if not self.submit():
            return False
        carried = {f.name: data[f.name] for f in self.form.walk() if f.carry and f.name in data}
        self.new_record(carried)
        self.summary.setText(self.tr("上一条已提交，等待乡镇审核；请录入下一条"))
        return True

    def confirm_unchanged(self) -> None:
        """Saves what was typed (a change is an update too), then marks the record as
        checked in the open survey round."""
        if self.record_id is None:
            return
        self.save_draft()
        self.session.store.confirm(self.record_id, author=self.session.user)
        self.saved.emit(self.record_id)
        self.open_record(self.record_id)
        self.summary.setText(self.tr("已确认本轮无变化"))

    def _go_to(self, name: str) -> None:
        row = self.rows.get(name)
        if row is None:
            return
        self.scroll.ensureWidgetVisible(row.widget, 0, SCROLL_MARGIN)
        row.editor.focus_widget.setFocus()

    def leave(self) -> None:
        self.save_draft()
        self.closed.emit()


def _ignore(_result: object) -> None:
    """Nothing to do with the result of a warm-up."""


def _is_shown(f: Field) -> bool:
    """Hidden and device fields have no place on screen; calculations only with a label."""
    if f.type == FieldType.CALCULATE:
        return bool(f.label)
    return f.type not in (FieldType.HIDDEN, FieldType.START, FieldType.END, FieldType.DEVICEID)


def _worth_keeping(data: dict[str, Any], prefilled: set[str]) -> bool:
    """A new record is kept once something more than what was filled in for it is typed."""
    return bool(data.keys() - prefilled)
