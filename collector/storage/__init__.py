"""The encrypted local store (SQLCipher through SQLAlchemy): the only SQL on the laptop."""
