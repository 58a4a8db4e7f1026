from .matrix_classification import ROWS as CLASSIFICATION_ROWS
from .matrix_measures import ROWS as MEASURE_ROWS

ROWS = [*CLASSIFICATION_ROWS, *MEASURE_ROWS]
