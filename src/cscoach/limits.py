"""Bounds that keep every pass linear and memory flat, whatever an export contains."""

MAX_TURN_CHARS = 20_000
"""Only a turn's first 20,000 characters are analysed (findings still point into the full
text); longer "turns" are pasted logs or documents, not conversation."""

MAX_HEADER_LINE_CHARS = 2_000
"""An email header line is cut to this many characters before the email parser sees it: an
In-Reply-To of 60,000 "<" took 13 s, a Subject of 10,000 encoded words 900 MB."""
MAX_HTML_TAGS = 5_000
"""An HTML body with more tags than this is turned to text by a linear tag stripper instead of
BeautifulSoup (20,000 nested <div> took it 20 s)."""
MAX_REPLY_PARSER_CHARS = 1_500
"""email_reply_parser reads only the head of a body (its quote-header regex is cubic: 4.5 KB of
"On On On" took 16 s). A reply's quote header sits near its top; when none is found there, the
body is kept whole."""
