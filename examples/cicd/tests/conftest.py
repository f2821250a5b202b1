import os
import sys

# The application module sits beside tests/ (in /code).
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
