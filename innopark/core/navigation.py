"""The site's main menu and the home page's "waiting for you" panels, contributed by each app.

Apps register in their AppConfig.ready(), so base.html and the home page never import domain apps.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class NavItem:
    label: object  # a lazy translation
    url_name: str
    order: int = 50
    visible: Callable | None = None  # visible(user) -> bool; None means everyone


@dataclass(frozen=True)
class HomePanel:
    order: int
    render: Callable  # render(request) -> str (HTML) or "" when there is nothing for this user


_nav: list[NavItem] = []
_panels: list[HomePanel] = []


def register_nav(item: NavItem) -> None:
    if all(existing.url_name != item.url_name for existing in _nav):
        _nav.append(item)
        _nav.sort(key=lambda i: i.order)


def register_home_panel(panel: HomePanel) -> None:
    _panels.append(panel)
    _panels.sort(key=lambda p: p.order)


def nav_items() -> list[NavItem]:
    return list(_nav)


def home_panels() -> list[HomePanel]:
    return list(_panels)
