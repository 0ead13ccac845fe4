"""The encrypted local store (SQLCipher through SQLAlchemy): the only place with SQL on the laptop."""
