"""How the English admin reads and shows dates: the year first, as ISO 8601 writes it, then
Django's English forms (10/25/2006, Oct 25 2006). Numbers as Django's English: 22,000.5."""

DATE_INPUT_FORMATS = [
    "%Y-%m-%d",  # 2022-02-25
    "%m/%d/%Y",  # 02/25/2022
    "%b %d %Y",  # Feb 25 2022
    "%b %d, %Y",  # Feb 25, 2022
    "%d %b %Y",  # 25 Feb 2022
    "%B %d %Y",  # February 25 2022
    "%B %d, %Y",  # February 25, 2022
    "%d %B %Y",  # 25 February 2022
]
