"""A comment thread under a comments marker goes, in both modes, even when its
comments read like body and outweigh the article; without signatures a
"Comments" line over body text is a subheading and stays (invented pages)."""

from __future__ import annotations

from cleaners import clean_html, clean_text

ARTICLE = [
    "The island ferry will run only two crossings a day from March, the harbour board said on Monday, "
    "after a second engine failure left one of its boats in dry dock for repairs.",
    "Commuters who cross every morning said the later first sailing would make them miss the start of "
    "their shifts, and the board promised to review the timetable in the summer.",
]
COMMENTS = [
    ("I have taken this ferry every working day for eleven years and this is the worst winter for it "
     "that I can remember, with cancellations nearly every week since the autumn storms began.",
     "Posted by Marta on March 3, 2024 7:41 AM"),
    ("Two crossings is simply not enough for the people who live here, and the board should have "
     "ordered a spare engine years ago when the first one failed during the holiday season.",
     "Posted by Olu Bakare on March 3, 2024 8:02 AM"),
    ("Does anyone know whether the school bus connection will be moved to match the new sailing "
     "times, or do the families on the island have to find their own way to the school now?",
     "Posted by K. Lund on March 3, 2024 9:15 AM"),
    ("The harbour board meets in public every month and anyone can ask questions there, so I would "
     "suggest that as many of us as possible go to the next meeting and say all of this in person.",
     "Posted by Sam on March 3, 2024 10:30 AM"),
]


def _html(comments: list[tuple[str, str]], heading: str = "Comments") -> str:
    body = "".join(f"<p>{p}</p>" for p in ARTICLE)
    shout = "<p>NOT GOOD ENOUGH FOR THE ISLAND</p>"  # a comment's shouted first line: no section
    thread = "".join(f'<div>{shout if n == 1 else ""}<p>{text}</p><p>{sig}</p>'
                     "<p>Report this comment</p></div>" for n, (text, sig) in enumerate(comments))
    return ("<html><head><title>Ferry timetable cut to two crossings a day</title></head><body>"
            "<h1>Ferry timetable cut to two crossings a day</h1>"
            f"<div class='story'>{body}<h3>{heading}</h3>{thread}</div></body></html>")


def test_html_thread_goes_with_its_heading() -> None:
    doc = clean_html(_html(COMMENTS))
    assert all(p in doc.text for p in ARTICLE)
    assert not any(text in doc.text or sig in doc.text for text, sig in COMMENTS)
    assert "Comments" not in doc.text.split("\n") and "NOT GOOD ENOUGH" not in doc.text
    assert not any(n.startswith("rule_valve") for n in doc.notes)  # the valve does not bring it back
    assert {r.rule for r in doc.removed if r.text == COMMENTS[0][0]} == {"comments.thread"}


def test_text_thread_goes_with_its_heading() -> None:
    lines = ["Ferry timetable cut to two crossings a day", *ARTICLE, "Comments"]
    for n, (text, sig) in enumerate(COMMENTS):
        if n == 1:
            lines.append("NOT GOOD ENOUGH FOR THE ISLAND")  # a comment's shouted first line: no section
        lines += [text, sig, "Report this comment"]
    doc = clean_text("\n\n".join(lines))
    assert all(p in doc.text for p in ARTICLE)
    assert not any(text in doc.text for text, _ in COMMENTS)
    assert "NOT GOOD ENOUGH" not in doc.text
    assert any(n.startswith("comment_thread") for n in doc.notes)


def test_one_signature_is_no_thread() -> None:
    # A single "posted by" line under a "Comments" subheading proves nothing: the
    # section is the article's own (a story about comments), and it stays.
    section = [(ARTICLE[0].replace("island ferry", "reader forum"), "Posted by the editors on March 3, 2024")]
    lines = ["Ferry timetable cut to two crossings a day", *ARTICLE, "Comments", section[0][0],
             "The forum will reopen in April with new moderation rules for every regional section, "
             "the editors added in a statement to readers on Friday."]
    doc = clean_text("\n\n".join(lines))
    assert section[0][0] in doc.text and "new moderation rules" in doc.text
    assert not any(n.startswith("comment_thread") for n in doc.notes)


def test_signatures_without_a_comments_marker_cut_nothing() -> None:
    lines = ["Ferry timetable cut to two crossings a day", *ARTICLE]
    for text, sig in COMMENTS[:2]:
        lines += [text, sig]
    doc = clean_text("\n\n".join(lines))
    assert all(p in doc.text for p in ARTICLE)
    assert not any(n.startswith("comment_thread") for n in doc.notes)


def test_a_comments_link_above_the_article_opens_no_thread() -> None:
    # A menu's "Comments" link comes before any body paragraph: the thread test
    # would otherwise cut from there, article and all.
    lines = ["Ferry timetable cut to two crossings a day", "Comments", *ARTICLE]
    for text, sig in COMMENTS:
        lines += [text, sig]
    doc = clean_text("\n\n".join(lines))
    assert all(p in doc.text for p in ARTICLE)
    assert not any(n.startswith("comment_thread") for n in doc.notes)


def test_signatures_far_below_a_mid_article_marker_open_no_thread() -> None:
    # "Comments" after the first paragraph, then more of the article, and the
    # signed comments only at the end: the first signature is out of reach.
    more = [f"Paragraph {n} of the story goes on about the harbour, the engines and the board, "
            "with enough words in it to read as a body paragraph of the article." for n in range(3, 10)]
    lines = ["Ferry timetable cut to two crossings a day", ARTICLE[0], "Comments", ARTICLE[1], *more]
    for text, sig in COMMENTS:
        lines += [text, sig]
    doc = clean_text("\n\n".join(lines))
    assert ARTICLE[1] in doc.text and all(m in doc.text for m in more)
    assert not any(n.startswith("comment_thread") for n in doc.notes)
