"""Plan writers: the case into Markdown through templates, then .docx, text and appeal-form blocks."""
