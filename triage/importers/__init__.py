"""Importing reported posts from every source (see the import issue)."""
