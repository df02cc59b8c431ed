"""CallbackData classes and pure keyboard builders."""
