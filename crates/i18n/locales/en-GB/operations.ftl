operations-timeout = This took too long to answer. Please try again in a moment. If you were saving something, check first whether it was saved.
