"""chunk_text that does not stop at the last word (adds chunks lying inside the previous one)"""

MODULE = "retrieval.py"


def chunk_text(text, max_words, overlap=0):
    if max_words < 1 or not 0 <= overlap < max_words:
        raise ValueError("bad arguments")
    words = text.split()
    step = max_words - overlap
    return [" ".join(words[i : i + max_words]) for i in range(0, len(words), step)]
