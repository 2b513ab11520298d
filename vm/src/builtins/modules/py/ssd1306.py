# ssd1306: the SSD1306 OLED driver with micropython-lib's API (our own implementation).
# The display is a framebuf.FrameBuffer; show() sends it to the controller's GDDRAM.

import framebuf

_DISPLAY_OFF = 0xAE
_DISPLAY_ON = 0xAF
_CONTRAST = 0x81
_NORMAL = 0xA6
_COM_OUT_DIR = 0xC0
_SEG_REMAP = 0xA0
_COL_ADDR = 0x21
_PAGE_ADDR = 0x22


class SSD1306(framebuf.FrameBuffer):
    def __init__(self, width, height, external_vcc):
        self.width = width
        self.height = height
        self.external_vcc = external_vcc
        self.pages = height // 8
        self.buffer = bytearray(self.pages * width)
        super().__init__(self.buffer, width, height, framebuf.MONO_VLSB)
        self.init_display()

    def init_display(self):
        wide = self.width > 2 * self.height
        for cmd in (
            _DISPLAY_OFF,
            0x20, 0x00,  # horizontal addressing
            0x40,  # display start line 0
            _SEG_REMAP | 1,  # column 127 is SEG0
            0xA8, self.height - 1,  # multiplex ratio
            _COM_OUT_DIR | 8,  # scan COM[N] to COM0
            0xD3, 0x00,  # no display offset
            0xDA, 0x02 if wide else 0x12,  # COM pins
            0xD5, 0x80,  # clock divide
            0xD9, 0x22 if self.external_vcc else 0xF1,  # pre-charge
            0xDB, 0x30,  # VCOM deselect level
            _CONTRAST, 0xFF,
            0xA4,  # show GDDRAM
            _NORMAL,
            0x8D, 0x10 if self.external_vcc else 0x14,  # charge pump
            _DISPLAY_ON,
        ):
            self.write_cmd(cmd)
        self.fill(0)
        self.show()

    def poweroff(self):
        self.write_cmd(_DISPLAY_OFF)

    def poweron(self):
        self.write_cmd(_DISPLAY_ON)

    def contrast(self, contrast):
        self.write_cmd(_CONTRAST)
        self.write_cmd(contrast)

    def invert(self, invert):
        self.write_cmd(_NORMAL | (invert & 1))

    def rotate(self, rotate):
        self.write_cmd(_COM_OUT_DIR | ((rotate & 1) << 3))
        self.write_cmd(_SEG_REMAP | (rotate & 1))

    def show(self):
        x0 = (128 - self.width) // 2 if self.width != 128 else 0
        for cmd in (_COL_ADDR, x0, x0 + self.width - 1, _PAGE_ADDR, 0, self.pages - 1):
            self.write_cmd(cmd)
        self.write_data(self.buffer)


class SSD1306_I2C(SSD1306):
    def __init__(self, width, height, i2c, addr=0x3C, external_vcc=False):
        self.i2c = i2c
        self.addr = addr
        self.temp = bytearray(2)
        self.write_list = [b"\x40", None]  # Co=0, D/C#=1: data follows
        super().__init__(width, height, external_vcc)

    def write_cmd(self, cmd):
        self.temp[0] = 0x80  # Co=1, D/C#=0: one command byte
        self.temp[1] = cmd
        self.i2c.writeto(self.addr, self.temp)

    def write_data(self, buf):
        self.write_list[1] = buf
        self.i2c.writevto(self.addr, self.write_list)
