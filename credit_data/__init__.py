"""The German Credit data set: its code book, the synthetic purpose texts and the fixed split."""
