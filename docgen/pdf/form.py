"""The fillable Request form ("Request for a Friendship City"), and reading a filled one
back into a case.

Each form field is named by its case key path (`partner.city`, `partner.contacts.0.name`),
built as a proper field hierarchy (`partner` > `contacts` > `0` > `name`), so reading a form
back is mechanical. Values are stored as PDF text strings and round-trip exactly in any
script. Every pre-filled value is drawn by docgen (pdf/appearance.py, pdf/fontembed.py:
shaped by HarfBuzz, with embedded fonts that are also in /DR), so Lao, Urdu, Cyrillic and
Japanese show in every viewer. No field caps its length; prose fields take several lines;
the relationship, contact roles, channel and origin are drop-downs of words, languages are
named and dates written in words (pdf/choices.py maps them back).
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docgen.errors import InputError, Problem
from docgen.pdf.choices import (
    CHOICES,
    choice_key,
    date_from_words,
    date_to_words,
    from_words,
    languages_from_words,
    languages_to_words,
    to_words,
)
from docgen.pdf.document import PdfError, open_pdf, ui_font
from docgen.render.context import format_date
from docgen.workspace.model import RELATIONSHIP_LABELS, Case

MAX_VALUE = 20_000  # characters in one field
CATEGORIES = ("academic", "cultural", "civic", "sports")
ROLES = ("leader_office", "volunteer")


@dataclass(frozen=True)
class Field:
    key: str  # the case key path, and the field's fully qualified name
    label: str
    # text | para (several lines) | int | date (in words) | languages (by name) |
    # lines (one per line) | choice (a drop-down of words: pdf/choices.py)
    kind: str = "text"
    lines: int = 1


def fields(case: Case | None) -> Iterator[tuple[str, list[Field]]]:
    """The form's sections and fields; a case may need more contact or institution slots."""
    institutions = list(CATEGORIES) + [k for k in (case.partner.institutions if case else {})
                                       if k not in CATEGORIES]
    slots = max(len(ROLES), len(case.partner.contacts) if case else 0)
    yield "1. The city", [
        Field("partner.city", "City (in English)"),
        Field("partner.local_name", "Name in the local language and script"),
        Field("partner.state", "State / province / region"),
        Field("partner.country", "Country"),
        Field("partner.population", "Population", "int"),
        Field("partner.languages", "Official languages (e.g. Lao, English)", "languages"),
        Field("partner.geography", "Geography (one per line)", "lines", 2),
        Field("partner.industries", "Key industries (one per line)", "lines", 3),
        *[Field(f"partner.institutions.{c}", f"{c.capitalize()} institutions (one per line)",
                "lines", 3) for c in institutions],
        Field("partner.address", "Postal address (one line each)", "lines", 4),
    ]
    yield "2. Highest official", [
        Field("partner.leader.name", "Full name, as it is written in English"),
        Field("partner.leader.title", "Title (e.g. Mayor of ...)"),
        Field("partner.leader.form_of_address", "Form of address (e.g. The Honorable)"),
        Field("partner.leader.family_name", "Family name"),
        Field("partner.leader.given_name", "Given name"),
        Field("partner.leader.name_order", "The full name above is written", "choice"),
        Field("partner.leader.salutation", "Salutation in letters (e.g. Dear Mayor ...:)"),
    ]
    yield "3. Points of contact (mayor's office, volunteer organization)", [
        f for n in range(slots) for f in (
            Field(f"partner.contacts.{n}.role", f"Contact {n + 1}: role", "choice"),
            Field(f"partner.contacts.{n}.name", "    Name"),
            Field(f"partner.contacts.{n}.title", "    Title"),
            Field(f"partner.contacts.{n}.organization", "    Organization"),
            Field(f"partner.contacts.{n}.email", "    Email"),
            Field(f"partner.contacts.{n}.phone", "    Phone"))]
    yield "4. Proposed relationship", [
        Field("agreement.type", "Relationship", "choice"),
        Field("focus_areas", "Focus areas (one per line)", "lines", 3),
        Field("exchanges", "Proposed exchanges (one per line)", "lines", 4),
        Field("interest", "Why this partnership?", "para", 4),
    ]
    yield "5. Support and the first year (optional)", [
        Field("proposal.community_support", "Community support: organizations and volunteer "
              "groups (one per line)", "lines", 3),
        Field("proposal.first_year_plan", "Program plan for the first year", "para", 4),
        Field("proposal.first_year_budget", "Budget for the first year", "para", 3),
        Field("proposal.existing_links", "Existing links between the cities (one per line)",
              "lines", 3),
    ]
    yield "6. How contact began", [
        Field("origin", "Who wrote first", "choice"),
        Field("inquiry.received", "Date of your inquiry (e.g. October 2, 2026)", "date"),
        Field("inquiry.channel", "Sent by", "choice"),
        Field("inquiry.from.name", "Sent by whom: name"),
        Field("inquiry.from.title", "Sent by whom: title"),
        Field("inquiry.summary", "What the inquiry asked", "para", 3),
    ]


def all_fields(case: Case | None) -> list[Field]:
    return [f for _, section in fields(case) for f in section]


def case_values(case: Case) -> dict[str, str]:
    """The form's values for a case: {field name: text}."""
    data = case.model_dump(by_alias=True, exclude_none=True, mode="json")
    out: dict[str, str] = {}
    for f in all_fields(case):
        value: Any = data
        for part in f.key.split("."):
            value = _step(value, part)
        if value is None or value == [] or value == "":
            continue
        if f.kind == "languages":
            value = languages_to_words(value)
        elif f.kind == "date":
            value = date_to_words(value)
        elif f.kind == "choice":
            value = to_words(choice_key(f.key) or f.key, value)
        elif isinstance(value, list):
            value = "\n".join(str(v) for v in value)
        out[f.key] = str(value)
    return out


def _step(value: Any, part: str) -> Any:
    if isinstance(value, list):
        return value[int(part)] if part.isdigit() and int(part) < len(value) else None
    return value.get(part) if isinstance(value, dict) else None


def form_title(case: Case | None) -> str:
    """'Request for a Friendship City' for a friendship city; the blank form is generic."""
    if case is None:
        return "Request for a Sister City or Friendship City"
    return "Request for a " + RELATIONSHIP_LABELS[case.agreement.type]


def make_form(case: Case | None, heading: str) -> bytes:
    """The form as PDF bytes, pre-filled from `case` when given."""
    from reportlab.lib.colors import Color
    from reportlab.lib.pagesizes import LETTER
    from reportlab.lib.utils import simpleSplit
    from reportlab.pdfgen.canvas import Canvas

    regular, bold = ui_font()
    width, height = LETTER
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=LETTER, invariant=True)
    title = form_title(case)
    canvas.setTitle(title)
    y = height - 72

    def room(needed: float) -> None:
        nonlocal y
        if y - needed < 60:
            canvas.showPage()
            y = height - 60

    canvas.setFont(bold, 18)
    canvas.drawString(54, y, title)
    y -= 20
    canvas.setFont(regular, 10)
    for row in simpleSplit(heading, regular, 10, width - 108):
        canvas.drawString(54, y, row)
        y -= 13
    y -= 6
    for section_title, section in fields(case):
        room(44 + 22)  # a heading is kept with its first field
        canvas.setFont(bold, 12)
        canvas.drawString(54, y - 12, section_title)
        y -= 24
        for f in section:
            box = 16 if f.lines == 1 else 13 * f.lines + 4
            room(box + 6)
            canvas.setFont(regular, 8.5)
            for n, row in enumerate(simpleSplit(f.label, regular, 8.5, 190)[:3]):
                canvas.drawString(54, y - 11 - 10 * n, row)
            common = {"name": f.key, "tooltip": f.label, "x": 250, "y": y - box,
                      "width": width - 304, "height": box, "fontName": "Helvetica",
                      "borderWidth": 0.5, "borderColor": Color(0.6, 0.6, 0.6),
                      "fillColor": Color(0.95, 0.96, 1)}
            if f.kind == "choice":
                words = list(CHOICES[choice_key(f.key) or f.key].values())
                # reportlab needs a value for a choice; _filled clears what is not filled
                canvas.acroForm.choice(value=words[0], options=words, fontSize=10,
                                       fieldFlags="combo", **common)
            else:  # no length cap (MaxLen): an answer is never cut
                canvas.acroForm.textfield(value="", maxlen=0, fontSize=10 if f.lines == 1 else 9,
                                          fieldFlags="multiline" if f.lines > 1 else "",
                                          **common)
            y -= box + 6
    canvas.showPage()
    canvas.save()
    return _filled(buffer.getvalue(), case_values(case) if case else {})


def _filled(pdf: bytes, values: dict[str, str]) -> bytes:
    """Nest the flat fields into a hierarchy by their dotted names; set values and draw
    them (pdf/appearance.py: embedded fonts, shaped text) so that every viewer shows them."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import ArrayObject, DictionaryObject, NameObject, TextStringObject

    from docgen.pdf.fontembed import write_appearances

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    form = writer._root_object["/AcroForm"]
    top = ArrayObject()
    parents: dict[str, Any] = {}

    def parent_of(path: str) -> Any:
        if path not in parents:
            node = DictionaryObject({NameObject("/T"): TextStringObject(path.split(".")[-1]),
                                     NameObject("/Kids"): ArrayObject()})
            ref = writer._add_object(node)
            parents[path] = ref
            up, _, _ = path.rpartition(".")
            if up:
                node[NameObject("/Parent")] = parent_of(up)
                parent_of(up).get_object()["/Kids"].append(ref)
            else:
                top.append(ref)
        return parents[path]

    drawn = []
    for ref in list(form["/Fields"]):
        field = ref.get_object()
        name = str(field["/T"])
        up, _, leaf = name.rpartition(".")
        field[NameObject("/T")] = TextStringObject(leaf)
        if up:
            field[NameObject("/Parent")] = parent_of(up)
            parent_of(up).get_object()["/Kids"].append(ref)
        else:
            top.append(ref)
        if name in values:
            field[NameObject("/V")] = TextStringObject(values[name])
            multiline = bool(int(field.get("/Ff", 0)) & 4096)
            drawn.append((field, values[name], multiline))
        elif field.get("/FT") == "/Ch":
            for key in ("/V", "/I"):
                field.pop(NameObject(key), None)
            drawn.append((field, "", False))
    form[NameObject("/Fields")] = top
    write_appearances(writer, drawn)
    form.pop(NameObject("/NeedAppearances"), None)  # viewers draw the streams docgen wrote
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def read_form(path: Path, shown: str) -> dict[str, str]:
    """The text values of a filled form, by fully qualified field name."""
    reader = open_pdf(path, shown, max_pages=50)
    try:
        found = reader.get_fields() or {}
    except Exception as exc:  # pypdf raises many kinds on hostile field trees
        raise PdfError(f"{shown}: its form fields cannot be read ({type(exc).__name__})") \
            from None
    known = {f.key for f in all_fields(None)}
    values: dict[str, str] = {}
    for name, field in found.items():
        value = field.get("/V") if isinstance(field, dict) else None
        if value is None or isinstance(value, (list, dict)):
            continue
        text = str(value)
        if len(text) > MAX_VALUE:
            raise PdfError(f"{shown}: field {name} holds {len(text)} characters; the limit "
                           f"is {MAX_VALUE}")
        values[str(name)] = text
    if not any(k in known for k in values) and not any(k in known for k in found):
        raise PdfError(f"{shown}: not a Request for a Sister City form (no field named "
                       "partner.city); make one with `docgen form --blank`")
    return values


def values_to_case(values: dict[str, str], shown: str) -> dict[str, Any]:
    """A case file's data from form values: only what was filled in; validated."""
    from pydantic import ValidationError

    spec = {f.key: f for f in all_fields(None)}
    data: dict[str, Any] = {}
    problems: list[Problem] = []
    for name, raw in values.items():
        text = raw.replace("\r\n", "\n").replace("\r", "\n").strip()
        parts = name.split(".")
        template = spec.get(name) or spec.get(re.sub(r"\.\d+\.", ".0.", name)) or (
            spec.get("partner.institutions.academic") if name.startswith(
                "partner.institutions.") and len(parts) == 3 else None)
        if template is None or not text:
            continue
        value = _typed(text, template.kind, choice_key(name))
        if value is None:
            problems.append(Problem(shown, None, name, f"{text!r} is not " + {
                "int": "a whole number", "date": "a date such as October 2, 2026",
                "languages": "a list of languages such as Lao, English"}.get(
                    template.kind, "one of the choices of the form")))
            continue
        _put(data, parts, value)
    contacts = data.get("partner", {}).get("contacts")
    if isinstance(contacts, dict):  # slots by number; keep filled ones, default the role
        data["partner"]["contacts"] = [
            {"role": ROLES[n] if n < len(ROLES) else "volunteer", **c}
            for n, c in sorted((int(k), v) for k, v in contacts.items()) if c.get("name")]
    data.setdefault("origin", "inquiry" if "inquiry" in data else "initiated")
    try:
        Case.model_validate(data)
    except ValidationError as exc:
        for err in exc.errors(include_url=False):
            key = ".".join(str(p) for p in err["loc"] if p != "from_") or None
            problems.append(Problem(shown, None, key, str(err["msg"])))
    if problems:
        raise InputError(problems)
    return data


def _typed(text: str, kind: str, choice: str | None = None) -> Any:
    """A form answer as the case file's value: words picked on the form map back to the
    contract's values (pdf/choices.py)."""
    if kind == "int":
        digits = re.sub(r"[\s,._'’]", "", text)
        return int(digits) if digits.isdigit() else None
    if kind == "date":
        return date_from_words(text)
    if kind == "languages":
        return languages_from_words(text)
    if kind == "choice":
        return from_words(choice or "", text)
    if kind == "lines":
        return [line.strip() for line in text.split("\n") if line.strip()]
    return text


def _put(data: dict[str, Any], parts: list[str], value: Any) -> None:
    node = data
    for part in parts[:-1]:
        node = node.setdefault(part, {})
    node[parts[-1]] = value


def write_form(workspace: Path, case_id: str | None, output: Path) -> Path:
    """The form for a case (pre-filled), or blank when `case_id` is None."""
    from docgen.checks.catalog import unknown_rule
    from docgen.files import atomic_write
    from docgen.workspace.load import load_workspace

    if case_id is None:
        heading = ("Please complete the fields, save the PDF and return it to the commission "
                   "that sent it. Write the city's name in its own script where asked.")
        data = make_form(None, heading)
    else:
        ws = load_workspace(workspace, rule_check=unknown_rule)
        [case_file] = ws.require(case_id)
        home = ws.settings.home
        sender = home.commission.name if home.commission else f"City of {home.city}"
        sent = case_file.case.history.responded or case_file.case.history.introduction_sent
        on = f" on {format_date(sent, ws.settings.date_style)}" if sent else ""
        heading = (f"Pre-filled by the {sender}{on}. Please correct any entry, complete the "
                   "blank fields, save the PDF and return it.")
        data = make_form(case_file.case, heading)
    atomic_write(output, data)
    return output


def intake(path: Path, output: Path | None) -> str:
    """A filled form as case-file YAML; written to `output` (never over a file) if given."""
    import yaml

    from docgen.errors import OutputError
    from docgen.files import atomic_write

    if output is not None and output.exists():
        raise OutputError(f"{output}: already exists; docgen intake never overwrites a file")
    from docgen.errors import one_line
    from docgen.pdf.intake import check_loads, checked_case

    shown = str(path)
    kinds = {f.key: f.kind for f in all_fields(None)}
    data = checked_case(read_form(path, shown), shown, kinds, values_to_case)
    text = (f"# Read by docgen intake from {one_line(path.name)}: check it, then keep it as "
            "cases/<id>.yaml.\n" + yaml.safe_dump(data, allow_unicode=True, sort_keys=False,
                                                   width=10_000))
    check_loads(text, shown)
    if output is not None:
        atomic_write(output, text.encode("utf-8"))
    return text
