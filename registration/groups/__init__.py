"""Group registration («Meld på flere»): a contact person registers several people at once."""
