"""One module per input format; each turns a file into ParsedRow objects, streamed."""
