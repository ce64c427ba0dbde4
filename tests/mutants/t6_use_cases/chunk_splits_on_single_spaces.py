"""chunk_text that splits with text.split(" ") (newlines, tabs and double spaces break words)"""
MODULE = "retrieval.py"


def chunk_text(text, max_words, overlap=0):
    if max_words < 1 or not 0 <= overlap < max_words:
        raise ValueError("bad arguments")
    words = [w for w in text.strip().split(" ")] if text.strip() else []
    step = max_words - overlap
    chunks = []
    for start in range(0, len(words), step):
        chunks.append(" ".join(words[start:start + max_words]))
        if start + max_words >= len(words):
            break
    return chunks
