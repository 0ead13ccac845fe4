"""Messages of each area of the program, merged into `collector.messages.CATALOGUE`.

Each module holds one plain dict, `MESSAGES`, code -> (Chinese, English), and imports
nothing, so that every area can add its words without touching the others'."""
