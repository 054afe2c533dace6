"""Reading files into validated tables: all input I/O of the project.

:mod:`.read` reads a file as it is, :mod:`.validate` types and checks it against the
data dictionary, :mod:`.dataset` loads a whole data folder, :mod:`.fastpath` checks and
aggregates large Parquet tables in DuckDB.
"""
