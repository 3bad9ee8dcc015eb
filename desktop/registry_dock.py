"""The Entities dock: the registry (find by name or alias), one entity's names and Wikidata id,
every mention of it across the corpus, and the spans that read its name but are not linked yet.

It shows what the store holds and asks for edits through signals (the commands are run by
`corpus_ui.CorpusController`), so undo covers all of it.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QRegularExpression, Qt, Signal
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from annotation.corpus.registry import mention_hits, unlinked_mentions
from annotation.corpus.search import Hit
from annotation.model import Entity, name_key
from annotation.session import Change, Session
from desktop.hit_delegate import hits_view
from desktop.search_field import search_field
from desktop.search_hits_model import HIT_ROLE, SearchHitsModel


class RegistryDock(QWidget):
    """The entity registry."""

    hit_activated = Signal(object)
    #: (entity id, {field: value}) to save
    edit_requested = Signal(int, dict)
    #: (kept entity id, merged entity id)
    merge_requested = Signal(int, int)
    #: (entity id, span ids) to make a new entity of
    split_requested = Signal(int, list)
    #: (entity id, span ids) to link to it
    link_requested = Signal(int, list)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session: Session | None = None
        self._entities: dict[int, Entity] = {}
        self.find = search_field("entity_find", "Find an entity by name or alias")
        self.entity_list = QListWidget()
        self.entity_list.setObjectName("entities")
        self.name = QLineEdit()
        self.name.setObjectName("entity_name_field")
        self.label = QLabel()
        self.aliases = QLineEdit()
        self.aliases.setObjectName("entity_aliases")
        self.aliases.setPlaceholderText("other names, separated by ;")
        self.wikidata = QLineEdit()
        self.wikidata.setObjectName("entity_wikidata")
        self.wikidata.setPlaceholderText("Q…  (typed by you: nothing is fetched)")
        self.wikidata.setValidator(
            QRegularExpressionValidator(QRegularExpression(r"(Q[1-9][0-9]*)?"), self.wikidata)
        )
        self.save = QPushButton("Save")
        self.save.setObjectName("entity_save")
        self.merge_target = QComboBox()
        self.merge_target.setObjectName("merge_target")
        self.merge = QPushButton("Merge into")
        self.merge.setObjectName("entity_merge")
        self.merge.setToolTip("Fold this entity into the one chosen: its mentions and names move")
        self.split = QPushButton("Split selected mentions…")
        self.split.setObjectName("entity_split")
        self.mentions = SearchHitsModel(self)
        self.mention_view = hits_view("entity_mentions", self.mentions)
        self.mention_view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.suggested = SearchHitsModel(self)
        self.suggested_view = hits_view("entity_suggested", self.suggested)
        self.link_all = QPushButton("Link all")
        self.link_all.setObjectName("entity_link_all")
        self.mentions_title = QLabel("Mentions")
        self.suggested_title = QLabel("Not linked yet (the name or an alias, same label)")

        form = QFormLayout()
        form.addRow("Name", self.name)
        form.addRow("Label", self.label)
        form.addRow("Aliases", self.aliases)
        form.addRow("Wikidata", self.wikidata)
        actions = QHBoxLayout()
        actions.addWidget(self.save)
        actions.addStretch(1)
        actions.addWidget(self.merge)
        actions.addWidget(self.merge_target, 1)
        details = QWidget()
        details_layout = QVBoxLayout(details)
        details_layout.setContentsMargins(0, 0, 0, 0)
        details_layout.addLayout(form)
        details_layout.addLayout(actions)
        mention_header = QHBoxLayout()
        mention_header.addWidget(self.mentions_title, 1)
        mention_header.addWidget(self.split)
        details_layout.addLayout(mention_header)
        details_layout.addWidget(self.mention_view, 2)
        suggested_header = QHBoxLayout()
        suggested_header.addWidget(self.suggested_title, 1)
        suggested_header.addWidget(self.link_all)
        details_layout.addLayout(suggested_header)
        details_layout.addWidget(self.suggested_view, 1)
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.find)
        top_layout.addWidget(self.entity_list)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(top)
        splitter.addWidget(details)
        splitter.setStretchFactor(1, 4)
        splitter.setSizes([140, 560])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(splitter)

        self.find.textChanged.connect(self._fill_list)
        self.entity_list.currentItemChanged.connect(lambda *_: self._show_current())
        self.save.clicked.connect(self._on_save_clicked)
        self.merge.clicked.connect(self._on_merge_clicked)
        self.split.clicked.connect(self._on_split_clicked)
        self.link_all.clicked.connect(self._on_link_all_clicked)
        for view in (self.mention_view, self.suggested_view):
            view.activated.connect(self._on_hit_activated)
            view.clicked.connect(self._on_hit_activated)
        self._show_current()

    # -- what it shows ---------------------------------------------------------------------------

    def set_session(self, session: Session | None) -> None:
        self._session = session
        self.reload()

    @property
    def current(self) -> Entity | None:
        item = self.entity_list.currentItem()
        return self._entities.get(item.data(Qt.ItemDataRole.UserRole)) if item else None

    def reload(self, keep: int | None = None) -> None:
        """Read the registry again (keeping the entity shown, or showing `keep`)."""
        shown = keep if keep is not None else (self.current.id if self.current else None)
        session = self._session
        self._entities = {e.id: e for e in session.store.entities()} if session is not None else {}
        self._counts = session.store.mention_counts() if session is not None else {}
        self._fill_list(select=shown)

    def show_entity(self, entity_id: int) -> None:
        self.find.clear()
        self._fill_list(select=entity_id)

    def _fill_list(self, _text: str = "", select: int | None = None) -> None:
        if select is None and self.current is not None:
            select = self.current.id
        key = name_key(self.find.text())
        self.entity_list.blockSignals(True)
        self.entity_list.clear()
        chosen = None
        for entity in self._entities.values():
            names = [name_key(name) for name in (entity.name, *entity.aliases)]
            if key and not any(key in name for name in names):
                continue
            count = self._counts.get(entity.id, 0)
            item = QListWidgetItem(f"{entity.name}  ·  {entity.label}  ·  {count}")
            item.setData(Qt.ItemDataRole.UserRole, entity.id)
            item.setToolTip(", ".join(entity.aliases) or entity.name)
            self.entity_list.addItem(item)
            if entity.id == select:
                chosen = item
        if chosen is None and self.entity_list.count():
            chosen = self.entity_list.item(0)
        self.entity_list.setCurrentItem(chosen)
        self.entity_list.blockSignals(False)
        self._show_current()

    def _show_current(self) -> None:
        entity = self.current
        for widget in (self.name, self.aliases, self.wikidata, self.save, self.merge, self.split):
            widget.setEnabled(entity is not None)
        self.link_all.setEnabled(False)
        session = self._session
        if entity is None or session is None:
            for field in (self.name, self.aliases, self.wikidata):
                field.clear()
            self.label.clear()
            self.mentions.set_hits([])
            self.suggested.set_hits([])
            self.merge_target.clear()
            return
        self.name.setText(entity.name)
        self.label.setText(entity.label)
        self.aliases.setText("; ".join(entity.aliases))
        self.wikidata.setText(entity.wikidata or "")
        self.merge_target.clear()
        for other in self._entities.values():
            if other.id != entity.id and other.label == entity.label:
                self.merge_target.addItem(other.name, other.id)
        self.merge.setEnabled(self.merge_target.count() > 0)
        self.mentions.set_hits(mention_hits(session.store, entity.id))
        self.mentions_title.setText(f"Mentions ({self.mentions.rowCount()})")
        self.suggested.set_hits(unlinked_mentions(session.store, entity))
        self.link_all.setEnabled(self.suggested.rowCount() > 0)
        self.suggested_title.setText(
            f"Not linked yet: {self.suggested.rowCount()} (the name or an alias, same label)"
        )

    def apply(self, change: Change) -> None:
        """Follow an edit: the registry, or spans that may read its names, changed."""
        if change.everything or change.entities or change.spans:
            created = [i for i in change.entities if i not in self._entities]
            self.reload(keep=max(created) if created and change.kind == "do" else None)

    # -- what it asks for ------------------------------------------------------------------------

    def _on_save_clicked(self) -> None:
        entity = self.current
        if entity is None:
            return
        aliases = [alias.strip() for alias in self.aliases.text().split(";") if alias.strip()]
        changes = {
            "name": self.name.text(),
            "aliases": aliases,
            "wikidata": self.wikidata.text() or None,
        }
        before = {"name": entity.name, "aliases": list(entity.aliases), "wikidata": entity.wikidata}
        changed = {key: value for key, value in changes.items() if before[key] != value}
        if changed:
            self.edit_requested.emit(entity.id, changed)

    def _on_merge_clicked(self) -> None:
        entity = self.current
        target = self.merge_target.currentData()
        if entity is not None and target is not None:
            self.merge_requested.emit(int(target), entity.id)

    def _on_split_clicked(self) -> None:
        entity = self.current
        spans = [
            hit.span_id
            for index in self.mention_view.selectionModel().selectedRows()
            if isinstance(hit := index.data(HIT_ROLE), Hit) and hit.span_id is not None
        ]
        if entity is not None and spans:
            self.split_requested.emit(entity.id, spans)

    def _on_link_all_clicked(self) -> None:
        entity = self.current
        spans = [
            hit.span_id
            for row in range(self.suggested.rowCount())
            if (hit := self.suggested.hit(row)) is not None and hit.span_id is not None
        ]
        if entity is not None and spans:
            self.link_requested.emit(entity.id, spans)

    def _on_hit_activated(self, index: QModelIndex) -> None:
        hit = index.data(HIT_ROLE)
        if isinstance(hit, Hit):
            self.hit_activated.emit(hit)
