"""The few style sheets the screens share: large, plain and high-contrast for people who
rarely use a computer."""

TITLE = "font-size: 20pt; font-weight: bold; margin: 12px;"
ERROR_COLOR = "#b00020"
WARNING_COLOR = "#8a5a00"
ERROR = f"color: {ERROR_COLOR};"
HINT = "color: #666666; font-size: 9pt;"
RETURNED_BACKGROUND = "#fde2e1"
READ_ONLY = "background: #f0f0f0; color: #333333;"
SECTION = "QGroupBox { font-weight: bold; font-size: 12pt; }"
