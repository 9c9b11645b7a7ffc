"""The Today page: what a manager has to do today, section by section."""
