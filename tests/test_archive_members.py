"""docgen.docx.archive's members: a head deflated once gives the bytes of one deflate."""

from __future__ import annotations

import datetime as dt
import io
import random
import zipfile

import pytest

from docgen.docx.archive import common_head, join_members, normalized_docx, zip_member

ZIP_STAMP = dt.datetime(2026, 5, 1)


def _text(rng: random.Random, size: int) -> bytes:
    words = [b"<w:p>", b"<w:r><w:t>", b"Peshawar", "پشاور".encode(), b"</w:t></w:r>", b" ",
             b"</w:p>", bytes(rng.randrange(256) for _ in range(8))]
    return b"".join(rng.choice(words) for _ in range(size))


@pytest.mark.parametrize("seed", range(8))
def test_a_member_with_a_head_is_the_member_without(seed: int) -> None:
    rng = random.Random(seed)
    head = _text(rng, rng.randrange(0, 400))
    for _ in range(20):
        data = (head if rng.random() < 0.8 else b"") + _text(rng, rng.randrange(0, 3000))
        cut = rng.randrange(0, len(data) + 1)
        for given in (head, data[:cut], b"", b"not its head"):
            assert zip_member("word/document.xml", data, given) == zip_member(
                "word/document.xml", data)
        parts = [("word/document.xml", data), ("word/footer1.xml", head)]
        joined = join_members([zip_member(name, blob, head) for name, blob in parts])
        assert joined == normalized_docx(parts, "T", ZIP_STAMP)  # as zipfile writes them
        with zipfile.ZipFile(io.BytesIO(joined)) as package:
            assert package.read("word/document.xml") == data
            assert package.testzip() is None


def test_common_head() -> None:
    a = b"x" * 600 + b"a" + b"y" * 10
    assert common_head(a, b"x" * 600 + b"b") == b"x" * 600
    assert common_head(a, a) == a
    assert common_head(a, b"x" * 100) == b""  # too short to be worth it
    assert common_head(b"", a) == b""
