"""chunk_text that steps max_words words each time (the overlap is ignored)"""

MODULE = "retrieval.py"


def chunk_text(text, max_words, overlap=0):
    if max_words < 1 or not 0 <= overlap < max_words:
        raise ValueError("bad arguments")
    words = text.split()
    return [" ".join(words[i : i + max_words]) for i in range(0, len(words), max_words)]
