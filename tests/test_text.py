from __future__ import annotations

from cscoach.doc import Doc
from cscoach.text import content_stems, mask_noise, sentence_spans, single_spaced


def spans_text(text: str) -> list[str]:
    return [text[s:e] for s, e in sentence_spans(text)]


def test_sentences_split_offline_with_abbreviations() -> None:
    text = "Hi Dr. Smith. Your order no. 5 shipped! Did it arrive?"
    assert spans_text(text) == ["Hi Dr. Smith.", "Your order no. 5 shipped!", "Did it arrive?"]


def test_line_breaks_end_sentences() -> None:
    assert spans_text("Steps:\n1. Unplug it\n2. Wait") == ["Steps:", "1. Unplug it", "2. Wait"]


def test_empty_text_has_no_sentences() -> None:
    assert sentence_spans("   ") == ()


def test_mask_noise_keeps_offsets() -> None:
    text = "@Dana_88 see https://x.io/help thanks ^AS"
    masked = mask_noise(text)
    assert len(masked) == len(text)
    assert (
        "Dana" not in masked
        and "https" not in masked
        and "thanks" in masked
        and "^AS" not in masked
    )


def test_content_stems_drop_stopwords_and_stem() -> None:
    assert content_stems("I was charged twice for the charges") == {"charg", "twice"}


def test_plain_boundaries_agree_with_punkt() -> None:
    from cscoach.text import _SPLITTER

    text = "I checked your order. It shipped today! Did it arrive? Thanks for waiting."
    assert [text[s:e] for s, e in sentence_spans(text)] == [
        text[s:e] for s, e in _SPLITTER.span_tokenize(text)
    ]


def test_punkt_on_the_stdlib_engine_splits_exactly_as_nltk_does() -> None:
    """cscoach runs Punkt's fixed patterns on ``re`` instead of NLTK's guarded ``regex``: every
    kind of ambiguous period must split the same."""
    from cscoach.punkt import sentence_splitter, stock_splitter
    from cscoach.text import _ABBREVIATIONS

    lines = [
        "Hi Mr. Smith. It works",
        "Use e.g. Chrome instead. Thanks",
        "I use version 6.12. I install it now.",
        "J. R. R. Tolkien wrote it. Yes.",
        "Wait... it crashed again... twice!",
        'He said "it broke." Then he left.',
        "She wrote (see p. 4.) and left. Fine?",
        "Order no. 5 of 12.5.2019. Shipped on Jan. 3rd. OK",
        "Prices went up 3.5%. Refund? No.",
        "Café ré. Über alles. Ωmega.",
        "—Dash start. ‘Curly quote.’ Next one.",
        "a.m. p.m. U.S. U.K. Done.",
    ]
    ours, stock = sentence_splitter(_ABBREVIATIONS), stock_splitter(_ABBREVIATIONS)
    for line in lines:
        assert list(ours.span_tokenize(line)) == list(stock.span_tokenize(line)), line


def test_ambiguous_periods_go_to_punkt() -> None:
    assert spans_text("Use e.g. Chrome instead. Thanks") == ["Use e.g. Chrome instead.", "Thanks"]
    assert spans_text("Hi Mr. Smith. It works") == ["Hi Mr. Smith.", "It works"]


def test_mask_noise_sign_offs_only_as_the_last_word() -> None:
    assert mask_noise("Thanks! ^Supercalifragilistic  ").strip() == "Thanks!"
    assert mask_noise("Sorry ^AS\n").strip() == "Sorry"
    assert mask_noise("Use the - key, then ^C to stop it") == "Use the - key, then ^C to stop it"


def test_nltk_loads_without_pulling_in_scikit_learn_or_scipy() -> None:
    """`import nltk` imports both when installed (a second at every start); cscoach hides them
    for that import only, and they still import normally afterwards (cscoach train)."""
    import subprocess
    import sys

    probe = (
        "import sys, cscoach.text\n"
        "print('sklearn' in sys.modules, 'scipy' in sys.modules)\n"
        "import sklearn.linear_model\n"
        "print(sklearn.linear_model.LogisticRegression.__name__)\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False", "LogisticRegression"]


def test_single_spaced_collapses_whitespace_runs_and_maps_offsets_back() -> None:
    tight, offsets = single_spaced("We  can\u00a0help.", "We  can\u00a0help.")
    assert tight == "We can help."
    assert offsets is not None
    assert [offsets[i] for i in range(len(tight))] == [0, 1, 2, 4, 5, 6, 7, 8, 9, 10, 11, 12]
    assert offsets[-1] == len("We  can\u00a0help.")
    assert single_spaced("We can help.", "We can help.") == ("We can help.", None)


def test_single_spaced_leaves_masked_links_blank() -> None:
    written = "See  https://x.io/a now."
    masked = mask_noise(written)
    tight, _ = single_spaced(masked, written)
    assert tight == "See " + " " * len("https://x.io/a") + " now."


def test_a_docs_word_starts_are_where_its_words_stand_in_the_text() -> None:
    doc = Doc("Hi @acme, my order #4411 isn't here. See https://x.co/a  Thanks!")
    assert [
        doc.text[s : s + len(w)].lower() for w, s in zip(doc.words, doc.starts, strict=True)
    ] == list(doc.words)
    assert doc.words_in(10, 36) == ("my", "order", "4411", "isn't", "here")


def test_a_joined_doc_has_the_word_starts_of_its_parts_shifted() -> None:
    parts = [Doc("Where is my parcel?"), Doc("It's been a week.")]
    joined = Doc.join(parts)
    shift = len(parts[0].text) + 1
    assert joined.starts == (*parts[0].starts, *(shift + s for s in parts[1].starts))
    assert joined.words == (*parts[0].words, *parts[1].words)
