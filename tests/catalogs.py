"""Fill a workspace's translators' catalogs from the test data (tests/catalog_data.py)."""

from __future__ import annotations

from pathlib import Path


def fill_catalog(root: Path, code: str, texts: dict[str, str], *, fuzzy: tuple[str, ...] = (),
                 drop: tuple[str, ...] = ()) -> Path:
    """Run `docgen translations` for `code`, then write the translations in; entries named
    in `fuzzy` are marked fuzzy, those in `drop` left untranslated."""
    import polib
    from click.testing import CliRunner

    from docgen.cli.main import main

    result = CliRunner().invoke(main, ["translations", str(root), "--lang", code])
    assert result.exit_code == 0, result.output
    path = root / "translations" / f"{code}.po"
    texts, fuzzy, drop = (_keyed(root, texts), tuple(_keyed(root, dict.fromkeys(fuzzy))),
                          tuple(_keyed(root, dict.fromkeys(drop))))
    po = polib.pofile(str(path), wrapwidth=78)
    for entry in po:
        if entry.msgctxt in drop:
            entry.msgstr = ""
        elif entry.msgctxt in texts:
            entry.msgstr = texts[entry.msgctxt]  # as the translator confirms it
            entry.flags = [f for f in entry.flags if f != "fuzzy"]
            entry.previous_msgid = None
        if entry.msgctxt in fuzzy:
            entry.flags.append("fuzzy")
    po.save(str(path))
    return path


def _keyed(root: Path, texts: dict[str, str]) -> dict[str, str]:
    """Test data keys list items by position (`vientiane:exchanges.0`); docgen keys them by
    their English (`vientiane:exchanges.3fa2c1`): the keys as docgen has them."""
    import re

    import yaml

    from docgen.render.versions import item_key

    out = {}
    for key, text in texts.items():
        match = re.match(r"^(\w[\w.-]*):(exchanges|focus_areas)\.(\d+)$", key)
        if match is None:
            out[key] = text
            continue
        owner, name, index = match.groups()
        source = root / ("docgen.yaml" if owner == "home" else f"cases/{owner}.yaml")
        data = yaml.safe_load(source.read_text(encoding="utf-8"))
        items = (data["home"] if owner == "home" else data).get(name, [])
        if int(index) < len(items):
            out[f"{owner}:{item_key(name, items[int(index)])}"] = text
    return out


def copy_case_entries(root: Path, from_id: str, to_id: str, city_suffix: str = "") -> None:
    """Give case `to_id` the translations of case `from_id` in every catalog of `root`; its
    city's name, English and translation, ends with `city_suffix` (a renamed copy)."""
    import polib

    for path in sorted((root / "translations").glob("*.po")):
        po = polib.pofile(str(path), wrapwidth=78)
        for entry in [e for e in po if (e.msgctxt or "").startswith(f"{from_id}:")]:
            key = entry.msgctxt.partition(":")[2]
            tail = city_suffix if key == "partner.city" else ""
            po.append(polib.POEntry(msgctxt=f"{to_id}:{key}", msgid=entry.msgid + tail,
                                    msgstr=entry.msgstr + tail, flags=list(entry.flags)))
        po.save(str(path))
