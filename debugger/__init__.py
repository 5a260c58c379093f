"""pdb on the shellkit engine."""
