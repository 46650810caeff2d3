"""Date formats per language (settings.FORMAT_MODULE_PATH); only the names defined here change.

Patient pages use the named formats (``|date:"DATE_FORMAT"``) so each language writes dates its
own way; anything not defined here keeps Django's format for that language.
"""
