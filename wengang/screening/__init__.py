"""Screening runs (主动筛查): a registry extract screened by the engine's ``screen_file`` in the
background, with progress and the result, rejects and meta files kept. The minimal durable piece
the API needs; a later issue adds the web pages, progress bars and the push to firms."""
