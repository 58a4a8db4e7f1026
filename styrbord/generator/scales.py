"""The scales ``styrbord generate`` builds: municipalities, their sizes, years and tickets."""

from dataclasses import dataclass

# Employees per municipality of a ten-municipality cooperation (one large host, many small).
TEN_MUNICIPALITIES = (1600, 900, 700, 500, 400, 300, 250, 150, 120, 80)


@dataclass(frozen=True)
class Scale:
    name: str
    # One tuple of employee counts per cooperation: the first municipality's IT unit serves the rest.
    cooperations: tuple
    years: int
    tickets: int

    @property
    def employees(self):
        return sum(sum(sizes) for sizes in self.cooperations)

    @property
    def municipalities(self):
        return sum(len(sizes) for sizes in self.cooperations)


SCALES = {
    # Tests: two separate municipalities, so that tenant separation can be checked.
    "XS": Scale("XS", cooperations=((40,), (25,)), years=1, tickets=240),
    "S": Scale("S", cooperations=((500,),), years=1, tickets=5_000),
    "M": Scale("M", cooperations=(TEN_MUNICIPALITIES,), years=2, tickets=100_000),
    "L": Scale(
        "L",
        cooperations=tuple(tuple(size * 10 // 3 for size in TEN_MUNICIPALITIES) for _ in range(2)),
        years=3,
        tickets=1_000_000,
    ),
}
