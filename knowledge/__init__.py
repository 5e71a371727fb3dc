"""The knowledge base: embeddings, Chroma collections, jieba BM25, the hybrid retriever and the document registry."""
