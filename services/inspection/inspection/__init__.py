"""The inspection service: programmes, discipline, appeals and the annual classification."""
