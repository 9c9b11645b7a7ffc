"""How a Today row looks, and its buttons: painted, not widgets, so 400 rows cost nothing to build.

A row is a small card of up to four lines::

    Name  · company · tier · manager                 [Log call] [Log visit] [Snooze] [Done] [Open card]
    (3 days late)  No call for 45 days — tier A asks every 30
    Tel. 021 5555 1234 · Last contact 12 Oct (call): “asked about the spring catalogue”
    Family: two daughters · Last gift: tea set (3 Mar)

The buttons are drawn with the style's push-button look; a click on one is told through
``action_clicked`` (the action's name, the row's index, the button's rectangle in the viewport).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QModelIndex, QPersistentModelIndex, QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionButton,
    QStyleOptionViewItem,
    QToolTip,
)

from desktop_crm.services.agenda_records import AgendaRow

from .model import Kind, Role, section_title

PAD_X = 10
ROW_INDENT = 26  # rows start under the section title, right of its arrow
BUTTON_GAP = 4
# The colours of the "when" pill, by urgency: (background, text).
PILL_COLOURS = {"late": ("#fde2e0", "#a4251b"), "today": ("#fff0d2", "#7d4d00"), "soon": ("#e2edfb", "#1f4b8f")}

NO_CUSTOMER = ("holiday", "company_day")


@dataclass(frozen=True)
class Button:
    action: str  # call, visit, snooze, done, open, plan
    rect: QRect
    enabled: bool


class TodayDelegate(QStyledItemDelegate):
    # action name, the row's index, the button's rectangle (viewport coordinates)
    action_clicked = Signal(str, QModelIndex, QRect)

    def __init__(self, view: QAbstractItemView, *, can_plan_gifts: bool,
                 is_expanded: Callable[[QModelIndex], bool]):
        super().__init__(view)
        self._view = view
        self.can_plan_gifts = can_plan_gifts
        self._is_expanded = is_expanded
        self._hover: tuple[QPersistentModelIndex, QPoint] | None = None
        self._pressed: tuple[QPersistentModelIndex, str] | None = None
        self._widths: dict[str, int] = {}
        self.labels = {
            "call": self.tr("Log call"),
            "visit": self.tr("Log visit"),
            "snooze": self.tr("Snooze ▾"),
            "done": self.tr("Done"),
            "open": self.tr("Open card"),
            "plan": self.tr("Plan gifts…"),
        }
        self.tips = {
            "call": self.tr("Write down a call with this customer (C)"),
            "visit": self.tr("Write down a visit to this customer (V)"),
            "snooze": self.tr("Hide this row for a few days (S)"),
            "done": self.tr("Take this row off the agenda (D)"),
            "open": self.tr("Open the customer's card (Enter)"),
            "plan": self.tr("Plan the gifts for this holiday (G)"),
        }
        self.done_refused = self.tr("A complaint leaves the agenda when it is resolved on the customer's card.")

    # ----- which buttons a row has ----------------------------------------------------------------

    def actions_for(self, row: AgendaRow) -> list[tuple[str, bool]]:
        """The row's buttons, left to right, and whether each can be pressed."""
        if row.reason in NO_CUSTOMER or row.customer_id is None:
            buttons = [("plan", True)] if self.can_plan_gifts and row.holiday is not None else []
            return [*buttons, ("snooze", True), ("done", True)]
        return [("call", True), ("visit", True), ("snooze", True), ("done", self.can_be_done(row)), ("open", True)]

    @staticmethod
    def can_be_done(row: AgendaRow) -> bool:
        return row.section != "complaints" and row.reason != "complaint"

    def tooltip_for(self, row: AgendaRow, action: str) -> str:
        if action == "done" and not self.can_be_done(row):
            return self.done_refused
        return self.tips[action]

    def _button_width(self, fm: QFontMetrics, action: str) -> int:
        width = self._widths.get(action)
        if width is None:
            width = fm.horizontalAdvance(self.labels[action]) + 22
            self._widths[action] = width
        return width

    def buttons(self, rect: QRect, row: AgendaRow, fm: QFontMetrics | None = None) -> list[Button]:
        """The row's buttons in viewport coordinates (``rect``: the row's visual rectangle)."""
        fm = fm or QFontMetrics(self._view.font())
        height = self._button_height(fm)
        right = rect.right() - PAD_X
        top = rect.top() + 5
        placed = []
        for action, enabled in reversed(self.actions_for(row)):
            width = self._button_width(fm, action)
            placed.append(Button(action, QRect(right - width + 1, top, width, height), enabled))
            right -= width + BUTTON_GAP
        placed.reverse()
        return placed

    def button_at(self, index: QModelIndex, pos: QPoint) -> Button | None:
        row = index.data(Role.ROW)
        if row is None:
            return None
        rect = self._view.visualRect(index)
        return next((b for b in self.buttons(rect, row) if b.rect.contains(pos)), None)

    # ----- sizes -------------------------------------------------------------------------------------

    @staticmethod
    def _button_height(fm: QFontMetrics) -> int:
        return fm.height() + 10

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:  # noqa: N802 - Qt's name
        fm = option.fontMetrics
        kind = index.data(Role.KIND)
        if kind == Kind.SECTION:
            return QSize(200, fm.height() + 18)
        if kind == Kind.MORE:
            return QSize(200, fm.height() + 12)
        text = index.data(Role.TEXT)
        lines = len(text.context) if text is not None else 0
        height = 5 + self._button_height(fm) + 2 + (fm.height() + 6) + lines * (fm.height() + 3) + 8
        return QSize(200, height)

    # ----- painting -----------------------------------------------------------------------------------

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        kind = index.data(Role.KIND)
        painter.save()
        try:
            if kind == Kind.SECTION:
                self._paint_section(painter, option, index)
            elif kind == Kind.MORE:
                self._paint_more(painter, option, index)
            elif kind == Kind.ROW:
                self._paint_row(painter, option, index)
        finally:
            painter.restore()

    @staticmethod
    def _grey(palette: QPalette) -> QColor:
        colour = QColor(palette.color(QPalette.ColorRole.Text))
        colour.setAlpha(165)
        return colour

    def _paint_section(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        rect, palette, fm = option.rect, option.palette, option.fontMetrics
        count = index.data(Role.COUNT) or 0
        shown = index.data(Role.SHOWN) or 0
        band = QColor(palette.color(QPalette.ColorRole.Window))
        band = band.darker(104) if band.lightness() > 128 else band.lighter(125)
        painter.fillRect(rect.adjusted(0, 4, 0, 0), band)
        if option.state & QStyle.StateFlag.State_HasFocus and option.state & QStyle.StateFlag.State_Selected:
            painter.fillRect(QRect(rect.left(), rect.top() + 4, 3, rect.height() - 4),
                             palette.color(QPalette.ColorRole.Highlight))
        painter.setPen(QColor(palette.color(QPalette.ColorRole.Mid)))
        painter.drawLine(rect.left(), rect.bottom(), rect.right(), rect.bottom())
        middle = rect.top() + 4 + (rect.height() - 4) // 2

        style = self._view.style()
        arrow = QStyleOptionViewItem(option)
        arrow.rect = QRect(rect.left() + 6, middle - 7, 14, 14)
        arrow.state = QStyle.StateFlag.State_Enabled
        if count:
            primitive = (QStyle.PrimitiveElement.PE_IndicatorArrowDown if self._is_expanded(index)
                         else QStyle.PrimitiveElement.PE_IndicatorArrowRight)
            style.drawPrimitive(primitive, arrow, painter, self._view)

        bold = QFont(option.font)
        bold.setBold(True)
        painter.setFont(bold)
        bfm = QFontMetrics(bold)
        title = section_title(index.data(Role.SECTION))
        x = rect.left() + ROW_INDENT
        text_rect = QRect(x, rect.top() + 4, rect.width() - x - PAD_X, rect.height() - 4)
        painter.setPen(palette.color(QPalette.ColorRole.Text) if count else self._grey(palette))
        painter.drawText(text_rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, title)
        x += bfm.horizontalAdvance(title) + 8

        number = self._view.locale().toString(count)
        pill = QRect(x, middle - fm.height() // 2 - 1, bfm.horizontalAdvance(number) + 14, fm.height() + 2)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(palette.color(QPalette.ColorRole.Highlight)) if count else QColor(band.darker(115)))
        painter.drawRoundedRect(pill, pill.height() / 2, pill.height() / 2)
        painter.setPen(palette.color(QPalette.ColorRole.HighlightedText) if count else self._grey(palette))
        painter.drawText(pill, Qt.AlignmentFlag.AlignCenter, number)
        x = pill.right() + 12

        painter.setFont(option.font)
        painter.setPen(self._grey(palette))
        if count == 0:
            hint = self.tr("Nothing is due")
        elif shown < count:
            hint = self.tr("the %n most urgent are shown", "", shown)
        elif not self._is_expanded(index):
            hint = self.tr("click to show")
        else:
            hint = ""
        if hint:
            hint_rect = QRect(x, rect.top() + 4, max(0, rect.right() - PAD_X - x), rect.height() - 4)
            painter.drawText(hint_rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                             fm.elidedText(hint, Qt.TextElideMode.ElideRight, hint_rect.width()))

    def _paint_more(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        rect = option.rect
        font = QFont(option.font)
        font.setItalic(True)
        painter.setFont(font)
        painter.setPen(self._grey(option.palette))
        text_rect = rect.adjusted(ROW_INDENT, 0, -PAD_X, 0)
        painter.drawText(text_rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                         option.fontMetrics.elidedText(index.data(), Qt.TextElideMode.ElideRight, text_rect.width()))

    def _paint_row(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        rect, palette, fm = option.rect, option.palette, option.fontMetrics
        row: AgendaRow = index.data(Role.ROW)
        text = index.data(Role.TEXT)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        hovered = bool(option.state & QStyle.StateFlag.State_MouseOver)
        if selected or hovered:
            shade = QColor(palette.color(QPalette.ColorRole.Highlight))
            shade.setAlpha(48 if selected else 20)
            painter.fillRect(rect, shade)
        if selected:
            painter.fillRect(QRect(rect.left(), rect.top(), 3, rect.height()), palette.color(QPalette.ColorRole.Highlight))
        line = QColor(palette.color(QPalette.ColorRole.Mid))
        line.setAlpha(90)
        painter.setPen(line)
        painter.drawLine(rect.left() + ROW_INDENT, rect.bottom(), rect.right() - PAD_X, rect.bottom())

        buttons = self.buttons(rect, row, fm)
        self._paint_buttons(painter, option, index, buttons)

        left = rect.left() + ROW_INDENT
        right = (buttons[0].rect.left() - 12) if buttons else rect.right() - PAD_X
        line1 = QRect(left, rect.top() + 5, max(0, right - left), self._button_height(fm))
        bold = QFont(option.font)
        bold.setBold(True)
        bfm = QFontMetrics(bold)
        painter.setFont(bold)
        painter.setPen(palette.color(QPalette.ColorRole.Text))
        title = bfm.elidedText(text.title, Qt.TextElideMode.ElideRight, line1.width())
        painter.drawText(line1, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, title)
        used = bfm.horizontalAdvance(title)
        if text.details and used + 20 < line1.width():
            painter.setFont(option.font)
            painter.setPen(self._grey(palette))
            details_rect = line1.adjusted(used + 10, 0, 0, 0)
            painter.drawText(details_rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                             fm.elidedText(text.details, Qt.TextElideMode.ElideRight, details_rect.width()))

        full_right = rect.right() - PAD_X
        y = line1.bottom() + 3
        painter.setFont(option.font)
        background, foreground = PILL_COLOURS.get(text.urgency, PILL_COLOURS["soon"])
        pill = QRect(left, y, fm.horizontalAdvance(text.due) + 14, fm.height() + 4)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(background))
        painter.drawRoundedRect(pill, 4, 4)
        painter.setPen(QColor(foreground))
        painter.drawText(pill, Qt.AlignmentFlag.AlignCenter, text.due)
        reason_rect = QRect(pill.right() + 9, y, max(0, full_right - pill.right() - 9), pill.height())
        painter.setPen(palette.color(QPalette.ColorRole.Text))
        painter.drawText(reason_rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                         fm.elidedText(text.reason, Qt.TextElideMode.ElideRight, reason_rect.width()))

        y = pill.bottom() + 5
        painter.setPen(self._grey(palette))
        for context in text.context:
            context_rect = QRect(left, y, max(0, full_right - left), fm.height())
            painter.drawText(context_rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                             fm.elidedText(context, Qt.TextElideMode.ElideRight, context_rect.width()))
            y += fm.height() + 3

    def _paint_buttons(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex,
                       buttons: list[Button]) -> None:
        style = self._view.style()
        hover_pos = None
        if self._hover is not None and self._hover[0] == index:
            hover_pos = self._hover[1]
        pressed = self._pressed[1] if self._pressed is not None and self._pressed[0] == index else None
        for button in buttons:
            opt = QStyleOptionButton()
            opt.initFrom(self._view)
            opt.rect = button.rect
            opt.text = self.labels[button.action]
            opt.state = QStyle.StateFlag.State_Raised
            if button.enabled:
                opt.state |= QStyle.StateFlag.State_Enabled
                if hover_pos is not None and button.rect.contains(hover_pos):
                    opt.state |= QStyle.StateFlag.State_MouseOver
                if pressed == button.action:
                    opt.state |= QStyle.StateFlag.State_Sunken
            else:
                opt.palette.setCurrentColorGroup(QPalette.ColorGroup.Disabled)
            style.drawControl(QStyle.ControlElement.CE_PushButton, opt, painter, self._view)

    # ----- the mouse ------------------------------------------------------------------------------------

    def hover(self, index: QModelIndex, pos: QPoint) -> None:
        """The mouse moved over the viewport (``index`` may be invalid): repaint the rows it left or entered."""
        previous = self._hover[0] if self._hover is not None else None
        self._hover = (QPersistentModelIndex(index), QPoint(pos)) if index.isValid() else None
        viewport = self._view.viewport()
        if previous is not None and previous.isValid() and previous != index:
            viewport.update(self._view.visualRect(QModelIndex(previous)))
        if index.isValid():
            viewport.update(self._view.visualRect(index))

    def editorEvent(self, event: QEvent, model, option: QStyleOptionViewItem, index: QModelIndex) -> bool:  # noqa: N802
        if index.data(Role.KIND) != Kind.ROW:
            return False
        kind = event.type()
        if kind not in (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonRelease,
                        QEvent.Type.MouseButtonDblClick):
            return False
        if event.button() != Qt.MouseButton.LeftButton:
            return False
        button = self.button_at(index, event.position().toPoint())
        if kind == QEvent.Type.MouseButtonPress:
            self._pressed = (QPersistentModelIndex(index), button.action) if button and button.enabled else None
            if self._pressed is not None:
                self._view.viewport().update(option.rect)
            return False  # the row still becomes the current one
        if kind == QEvent.Type.MouseButtonDblClick:
            return button is not None  # a quick second click on a button is not "open the card"
        pressed, self._pressed = self._pressed, None
        self._view.viewport().update(option.rect)
        if button is None or not button.enabled or pressed is None or pressed[1] != button.action:
            return button is not None
        self.action_clicked.emit(button.action, QModelIndex(index), button.rect)
        return True

    def helpEvent(self, event, view, option: QStyleOptionViewItem, index: QModelIndex) -> bool:  # noqa: N802
        if event is not None and event.type() == QEvent.Type.ToolTip and index.data(Role.KIND) == Kind.ROW:
            button = self.button_at(index, event.pos())
            if button is not None:
                QToolTip.showText(event.globalPos(), self.tooltip_for(index.data(Role.ROW), button.action), view,
                                  button.rect)
                return True
        return super().helpEvent(event, view, option, index)


__all__ = ["Button", "TodayDelegate"]
