"""chunk_text that accepts overlap >= max_words (and loops backwards or forever)"""

MODULE = "retrieval.py"


def chunk_text(text, max_words, overlap=0):
    words = text.split()
    step = max(1, max_words - overlap)
    chunks = []
    for start in range(0, len(words), step):
        chunks.append(" ".join(words[start : start + max(max_words, 1)]))
        if start + max_words >= len(words):
            break
    return chunks
