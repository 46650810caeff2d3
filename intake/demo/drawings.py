"""Simple line drawings for the demo library's exercises, drawn for this project from the coordinates
below (no third-party artwork): a figure of lines and a round head on a plain background.

The PNG files beside this module (intake/demo/pictures/<code>.png) are what seed_demo attaches to the
exercises; they are made by running this module:

    .venv/bin/python -m intake.demo.drawings

A clinic replaces them with its own pictures in Django admin.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

PICTURES = Path(__file__).resolve().parent / "pictures"
# Drawn on a 400 x 300 grid, saved at twice the size; the floor is at y = 260.
WIDTH, HEIGHT, SCALE = 400, 300, 2
FLOOR = ((20, 260), (380, 260))

Point = tuple[int, int]

# Per exercise code: the head (centre and radius) and the lines of the figure and its props.
DRAWINGS: dict[str, dict] = {
    # Sole-of-foot stretch: sitting, one foot across the other knee, a hand drawing the toes back.
    "PF-02": {
        "head": ((190, 62), 18),
        "lines": [
            [(150, 170), (250, 170)],  # seat
            [(160, 170), (160, 260)],
            [(240, 170), (240, 260)],
            [(240, 170), (245, 80)],  # chair back
            [(195, 80), (215, 165)],  # body
            [(215, 165), (140, 160), (135, 258)],  # standing leg
            [(215, 165), (150, 150), (110, 140)],  # crossed leg, foot on the knee
            [(110, 140), (100, 120)],  # toes drawn back
            [(200, 100), (150, 125), (102, 122)],  # arm to the toes
        ],
    },
    # Calf stretch against a wall: hands on the wall, front knee bent, back leg straight, heel down.
    "PF-03": {
        "head": ((280, 78), 17),
        "lines": [
            [(340, 30), (340, 260)],  # wall
            [(272, 94), (225, 170)],  # body leaning in
            [(262, 108), (338, 112)],  # arms to the wall
            [(225, 170), (275, 208), (270, 258), (290, 258)],  # front leg, bent
            [(225, 170), (140, 256), (118, 258)],  # back leg, straight, heel down
        ],
    },
    # Slow heel raises on a step: up on the toes at the edge of a step, a hand on a rail.
    "PF-04": {
        "head": ((200, 48), 17),
        "lines": [
            [(100, 260), (100, 215), (230, 215), (230, 260)],  # step
            [(265, 50), (265, 260)],  # rail
            [(200, 65), (200, 145)],  # body
            [(200, 145), (196, 200), (206, 214)],  # legs, heels raised
            [(200, 145), (212, 200), (222, 214)],
            [(200, 85), (235, 115), (264, 105)],  # hand on the rail
            [(200, 85), (175, 130)],
        ],
    },
    # Back-of-thigh stretch: lying on the back, one leg raised straight, hands behind the thigh.
    "PFC-01": {
        "head": ((62, 232), 16),
        "lines": [
            [(78, 238), (200, 242)],  # body on the floor
            [(200, 242), (340, 248)],  # leg flat
            [(200, 242), (250, 100)],  # raised leg
            [(110, 238), (180, 200), (228, 165)],  # arms to the thigh
        ],
    },
    # Bridges: shoulders on the floor, knees bent, hips lifted.
    "PFC-02": {
        "head": ((62, 236), 15),
        "lines": [
            [(80, 244), (205, 185)],  # body, hips up
            [(205, 185), (275, 175), (285, 256)],  # thigh and shin
            [(85, 248), (170, 256)],  # arm along the floor
        ],
    },
    # The extender: lying on the back, the thigh held upright, the knee slowly straightened.
    "HS-02": {
        "head": ((62, 232), 16),
        "lines": [
            [(78, 238), (200, 244)],
            [(200, 244), (340, 250)],  # other leg flat
            [(200, 244), (212, 150)],  # thigh held upright
            [(212, 150), (300, 112)],  # shin straightening
            [(110, 238), (175, 190), (208, 172)],  # hands behind the thigh
            [(268, 92), (302, 96), (290, 124)],  # arrow: straighten
        ],
    },
    # The diver: standing on one leg, leaning forward, arms reaching ahead, the other leg behind.
    "HS-03": {
        "head": ((122, 118), 15),
        "lines": [
            [(138, 124), (232, 150)],  # body, tipped forward
            [(232, 150), (228, 258)],  # standing leg
            [(232, 150), (345, 130)],  # leg lifted behind
            [(165, 132), (95, 168)],  # arms reaching forward and down
            [(165, 136), (105, 182)],
        ],
    },
    # The glider: holding a rail, one foot slides back on a cloth and returns.
    "HS-04": {
        "head": ((185, 52), 16),
        "lines": [
            [(110, 50), (110, 260)],  # rail
            [(186, 68), (190, 155)],  # body
            [(190, 155), (182, 258)],  # standing leg
            [(190, 155), (300, 250)],  # sliding leg
            [(290, 258), (325, 258)],  # cloth under the foot
            [(188, 88), (150, 110), (112, 100)],  # hand on the rail
            [(320, 230), (345, 240), (328, 256)],  # arrow: slide back
        ],
    },
    # Exercise programme: walking.
    "SCI-02": {
        "head": ((200, 56), 17),
        "lines": [
            [(200, 73), (195, 158)],
            [(195, 158), (172, 208), (160, 258)],
            [(195, 158), (222, 208), (240, 256)],
            [(198, 92), (170, 125), (165, 150)],
            [(198, 92), (225, 122), (240, 140)],
        ],
    },
}


def drawing(code: str) -> Image.Image:
    """The exercise's drawing: dark lines on white, 800 x 600 pixels."""
    spec = DRAWINGS[code]
    image = Image.new("L", (WIDTH * SCALE, HEIGHT * SCALE), 255)
    draw = ImageDraw.Draw(image)
    draw.line(_scaled(FLOOR), fill=190, width=3 * SCALE)
    for points in spec["lines"]:
        draw.line(_scaled(points), fill=30, width=4 * SCALE, joint="curve")
        for x, y in _scaled([points[0], points[-1]]):
            draw.ellipse((x - 2 * SCALE, y - 2 * SCALE, x + 2 * SCALE, y + 2 * SCALE), fill=30)
    (x, y), radius = spec["head"]
    box = [(x - radius) * SCALE, (y - radius) * SCALE, (x + radius) * SCALE, (y + radius) * SCALE]
    draw.ellipse(box, outline=30, width=4 * SCALE)
    return image


def _scaled(points) -> list[Point]:
    return [(x * SCALE, y * SCALE) for x, y in points]


def picture_path(code: str) -> Path:
    return PICTURES / f"{code}.png"


def main() -> None:
    PICTURES.mkdir(exist_ok=True)
    for code in DRAWINGS:
        drawing(code).save(picture_path(code), "PNG", optimize=True)
        print(picture_path(code))


if __name__ == "__main__":
    main()
