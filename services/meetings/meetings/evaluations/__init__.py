"""The meeting quality evaluation: a rubric per province, a scored form, its total and grade."""
