"""Versioned lists of the filing system (entity types, pre-approvals, domain suffixes, …).

Each module names its source and the date the list is as of: the provider changes these
lists from time to time, so they are data to update, not rules to hard-code elsewhere.
"""
