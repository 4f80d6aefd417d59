"""Text preparation and lead extraction: pure stages, I/O at the edges."""
