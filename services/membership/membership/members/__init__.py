"""Members: the member record, its status machine and its status rules."""
