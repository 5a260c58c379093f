"""Special (backslash and dot) commands, registered in one registry."""
