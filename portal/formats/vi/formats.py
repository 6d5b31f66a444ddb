"""How the Vietnamese admin reads and shows dates and numbers, over Django's own Vietnamese
formats: day first (25/2/2022, 25-02-2022), "." between thousands and "," before decimals."""

# The first is how a date is shown in a form, and what the admin's calendar writes.
DATE_INPUT_FORMATS = [
    "%d/%m/%Y",  # 25/02/2022, 25/2/2022
    "%d-%m-%Y",  # 25-02-2022
    "%d.%m.%Y",  # 25.02.2022
    "%Y-%m-%d",  # 2022-02-25
]
DATETIME_INPUT_FORMATS = [
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y",
    "%d-%m-%Y %H:%M:%S",
    "%d-%m-%Y %H:%M",
    "%d-%m-%Y",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d",
]
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "."
NUMBER_GROUPING = 3
