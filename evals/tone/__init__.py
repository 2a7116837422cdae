"""The labelled tone set and the agreement report of the offline tone scorer."""
